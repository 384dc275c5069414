/**
 * The text every benchmark message carries: its intended send time (open loop: latency is
 * measured from when the message should have left, not from when a lagging generator sent it),
 * the sender's index and its running count (to spot losses), padded to a chat-like length.
 */
const padded = 72;

export function messageText(intendedMs: number, sender: number, n: number): string {
  const head = `t=${intendedMs.toFixed(3)} s=${sender} n=${n} `;
  return head.length >= padded ? head : head + 'x'.repeat(padded - head.length);
}

export interface ParsedText {
  intendedMs: number;
  sender: number;
  n: number;
}

export function parseMessageText(text: string): ParsedText | null {
  const match = /^t=([\d.]+) s=(\d+) n=(\d+)/.exec(text);
  if (!match) return null;
  return { intendedMs: Number(match[1]), sender: Number(match[2]), n: Number(match[3]) };
}
