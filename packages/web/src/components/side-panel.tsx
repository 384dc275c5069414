import type { ReactNode } from 'react';
import { useEscapeClose } from '../hooks/use-escape-close.js';
import { Modal } from './modal.js';

interface SidePanelProps {
  id: string;
  title: string;
  /** Extra class names beside the panel's own, on a wide screen. */
  className?: string;
  /** On a phone: a dialog over the chat instead of a column beside it. */
  asLayer: boolean;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A chat's side column (files, search in the chat): beside the conversation on a wide screen,
 * closed by Escape unless a dialog is open above it; a sheet over the chat on a phone.
 */
export function SidePanel({ id, title, className, asLayer, onClose, children }: SidePanelProps) {
  useEscapeClose(!asLayer, onClose);

  if (asLayer) {
    return (
      <Modal title={title} onClose={onClose} id={id} className="modal-sheet">
        {children}
      </Modal>
    );
  }
  return (
    <section id={id} className={`members-panel files-panel${className ? ` ${className}` : ''}`} aria-label={title}>
      <h3 className="files-title">{title}</h3>
      {children}
    </section>
  );
}
