import type { ConnectionState } from '@parley/client';

/** Says so when the live connection is down; the SDK reconnects by itself meanwhile. */
export function ConnectionBanner({ state }: { state: ConnectionState }) {
  const text = state === 'reconnecting' ? 'Reconnecting…' : state === 'connecting' ? 'Connecting…' : null;
  return (
    <div className={`connection-banner${text ? ' is-visible' : ''}`} role="status" aria-live="polite">
      {text ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {text}
        </>
      ) : null}
    </div>
  );
}
