import { useEffect } from 'react';

/**
 * Closes a chat's side column on Escape, unless a dialog is open above it (Escape is the
 * dialog's then). Off while the column is shown as a dialog itself: the dialog handles Escape.
 */
export function useEscapeClose(enabled: boolean, onClose: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !document.querySelector('dialog[open]')) onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled, onClose]);
}
