import { formatDay } from '../lib/format.js';

/** Marks where a new day starts in the stream. */
export function DaySeparator({ ts }: { ts: string }) {
  return (
    <li className="day-separator" role="separator" aria-label={formatDay(ts)}>
      <span aria-hidden="true">{formatDay(ts)}</span>
    </li>
  );
}
