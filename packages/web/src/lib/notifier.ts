import { defaultNotifyLevel, type MessageEvent, type NotifyLevel } from '@parley/client';
import type { ChatStore } from './chat-store.js';
import { shouldNotify } from './notify-settings.js';
import { roomTitle } from './room-summary.js';

/** Characters of a message shown in a notification. */
const bodyMax = 160;

/**
 * Browser notifications for messages that arrive while the tab is hidden, with the person's
 * permission: private messages and mentions by default, per chat "all", "mentions" or "nothing"
 * (kept on the server with one's membership, so every device follows), and only private chats
 * while one is busy. A notification carries text
 * only (the Notification API shows no markup); clicking it opens the chat.
 */
export class Notifier {
  private off: (() => void) | null = null;

  constructor(
    private readonly store: ChatStore,
    private readonly open: (room: string) => void,
  ) {}

  start(): void {
    this.off ??= this.store.client.on('message', (event) => this.onMessage(event));
  }

  static supported(): boolean {
    return typeof Notification !== 'undefined';
  }

  levelOf(room: string): NotifyLevel {
    const summary = this.store.room(room);
    return summary?.notify ?? defaultNotifyLevel(summary?.kind ?? 'room');
  }

  stop(): void {
    this.off?.();
    this.off = null;
  }

  private onMessage(event: MessageEvent): void {
    if (!Notifier.supported() || Notification.permission !== 'granted' || document.visibilityState !== 'hidden') return;
    const state = this.store.getState();
    const room = this.store.room(event.room);
    if (!room || event.deleted || event.text === undefined) return;
    const me = state.me?.phone ?? this.store.phone;
    const notify = shouldNotify({
      kind: room.kind,
      level: this.levelOf(event.room),
      mentionsMe: event.mentions?.includes(me) ?? false,
      mine: event.from.phone === me,
      busy: state.myStatus?.status === 'busy',
    });
    if (!notify) return;
    const text = event.text.length > bodyMax ? `${event.text.slice(0, bodyMax - 1)}…` : event.text;
    const title = room.kind === 'direct' ? event.from.name : `${event.from.name} in ${roomTitle(room)}`;
    const notification = new Notification(title, { body: text, tag: `${event.room}:${event.seq}`, icon: '/icons/icon-192.png' });
    notification.addEventListener('click', () => {
      window.focus();
      this.open(event.room);
      notification.close();
    });
  }
}
