/** An error or note that belongs to a whole form, announced to screen readers. */
export function FormAlert({ text, tone = 'error' }: { text: string | null; tone?: 'error' | 'info' }) {
  if (!text) return null;
  return (
    <p className={`form-alert form-alert-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
