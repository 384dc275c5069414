import type { ReactionSummary } from '@parley/client';
import { plural } from '../lib/plural.js';

interface ReactionChipsProps {
  reactions: readonly ReactionSummary[];
  onToggle: (emoji: string, on: boolean) => void;
}

/** Who reacted, as far as the server lists them (the first few), and how many more. */
function whoReacted(reaction: ReactionSummary): string {
  const names = reaction.users.map((u) => u.name);
  const more = reaction.count - names.length;
  return more > 0 ? `${names.join(', ')} and ${plural(more, 'other', 'others')}` : names.join(', ');
}

/** The reactions under a message: one chip per emoji with its count, pressed when one's own; a click toggles it. */
export function ReactionChips({ reactions, onToggle }: ReactionChipsProps) {
  if (reactions.length === 0) return null;
  return (
    <div className="reaction-chips" role="group" aria-label="Reactions">
      {reactions.map((r) => (
        <button
          key={r.emoji}
          type="button"
          className={`reaction-chip${r.me ? ' is-mine' : ''}`}
          aria-pressed={r.me ?? false}
          title={whoReacted(r)}
          aria-label={`${r.emoji} ${r.count}: ${whoReacted(r)}`}
          onClick={() => onToggle(r.emoji, !r.me)}
        >
          <span aria-hidden="true">{r.emoji}</span>
          <span className="reaction-count" aria-hidden="true">
            {r.count}
          </span>
        </button>
      ))}
    </div>
  );
}
