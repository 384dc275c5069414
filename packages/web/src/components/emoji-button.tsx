import { lazy, Suspense, useState } from 'react';

const EmojiPicker = lazy(() => import('./emoji-picker.js'));

interface EmojiButtonProps {
  /** The button's accessible name, also the picker's title. */
  label: string;
  className?: string;
  children: React.ReactNode;
  onPick: (emoji: string) => void;
}

/** A button that opens the emoji picker (loaded on first use) and hands over the emoji chosen. */
export function EmojiButton({ label, className, children, onPick }: EmojiButtonProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} aria-label={label} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {children}
      </button>
      {open ? (
        <Suspense fallback={null}>
          <EmojiPicker title={label} onPick={onPick} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
