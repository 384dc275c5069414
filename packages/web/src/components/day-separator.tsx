import { formatDay } from '../lib/format.js';

/** Marks where a new day starts in the stream (a list item holding a separator, as lists require). */
export function DaySeparator({ ts }: { ts: string }) {
  return (
    <li className="day-separator">
      <div role="separator" aria-label={formatDay(ts)}>
        <span aria-hidden="true">{formatDay(ts)}</span>
      </div>
    </li>
  );
}
