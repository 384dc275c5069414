import type { PresenceStatus } from '@parley/client';
import { initials } from '../lib/format.js';

const hues = [230, 262, 292, 330, 12, 32, 150, 174, 196];

function hueOf(key: string): number {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return hues[Math.abs(hash) % hues.length] ?? 230;
}

interface AvatarProps {
  name: string;
  /** What picks the colour: a phone or a room name, so the same person keeps one colour. */
  colorKey: string;
  online?: boolean | undefined;
  /** Colours the dot: online, away, busy or offline (wins over `online`). */
  status?: PresenceStatus | undefined;
  kind?: 'person' | 'room' | 'group';
  size?: 'xs' | 'sm' | 'md';
}

/** Initials on a coloured disc, with a dot when the person is online. Decorative: the text beside it names it. */
export function Avatar({ name, colorKey, online, status, kind = 'person', size = 'md' }: AvatarProps) {
  const shown = status ?? (online === undefined ? undefined : online ? 'online' : 'offline');
  const hue = hueOf(colorKey);
  return (
    <span className={`avatar avatar-${size} avatar-${kind}`} style={{ background: `hsl(${hue} 70% 92%)`, color: `hsl(${hue} 60% 25%)` }} aria-hidden="true">
      {kind === 'room' ? '#' : initials(name)}
      {shown !== undefined ? <span className={`presence-dot is-${shown}`} data-status={shown} /> : null}
    </span>
  );
}
