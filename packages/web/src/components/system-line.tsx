/** A membership change or notice, in the stream between messages. */
export function SystemLine({ text }: { text: string }) {
  return (
    <li className="system-line">
      <span>{text}</span>
    </li>
  );
}
