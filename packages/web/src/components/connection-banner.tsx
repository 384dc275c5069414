import type { ConnectionState } from '@parley/client';
import { plural } from '../lib/plural.js';

/**
 * Says so when the live connection is down, in a bar of its own above the app (never over the
 * chat header); the SDK reconnects by itself meanwhile, and the outbox keeps what is written.
 */
export function ConnectionBanner({ state, waiting }: { state: ConnectionState; waiting: number }) {
  const queued = waiting > 0 ? ` ${plural(waiting, 'message waits', 'messages wait')} to be sent.` : '';
  const text =
    state === 'offline'
      ? `You are offline. Messages you write are sent when you are back online.${queued}`
      : state === 'reconnecting'
        ? `Reconnecting…${queued}`
        : state === 'connecting'
          ? 'Connecting…'
          : null;
  return (
    <div className={`connection-banner${text ? ' is-visible' : ''}${state === 'offline' ? ' is-offline' : ''}`} role="status" aria-live="polite">
      {text ? (
        <>
          {state === 'offline' ? null : <span className="spinner" aria-hidden="true" />}
          <span>{text}</span>
        </>
      ) : null}
    </div>
  );
}
