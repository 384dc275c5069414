import type { Attachment } from '@parley/client';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { Icon } from './icon.js';

interface LightboxProps {
  /** The chat's images, oldest first. */
  images: Attachment[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
}

/** One image at full size over the chat, with zoom and the chat's other images by ← and →. */
export function Lightbox({ images, index, onIndex, onClose }: LightboxProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [zoomed, setZoomed] = useState(false);
  const image = images[index];
  const previous = index > 0 ? () => onIndex(index - 1) : undefined;
  const next = index < images.length - 1 ? () => onIndex(index + 1) : undefined;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  useEffect(() => setZoomed(false), [index]);
  // On the document: the button that had the focus may have just become disabled (the last image).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft') previous?.();
      else if (e.key === 'ArrowRight') next?.();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [previous, next]);

  if (!image) return null;
  return createPortal(
    <dialog
      ref={ref}
      className="lightbox"
      aria-label={`${image.name}, image ${index + 1} of ${images.length}`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="lightbox-bar">
        <span className="lightbox-name">{image.name}</span>
        <span className="lightbox-count">
          {index + 1} / {images.length}
        </span>
        <button type="button" className="btn btn-secondary" aria-pressed={zoomed} onClick={() => setZoomed((z) => !z)}>
          {zoomed ? 'Fit' : 'Zoom'}
        </button>
        <a className="btn btn-secondary" href={image.url} download={image.name}>
          Download
        </a>
        <button type="button" className="icon-btn" aria-label="Close" onClick={onClose} autoFocus>
          <Icon name="close" />
        </button>
      </div>
      <div className={`lightbox-stage${zoomed ? ' is-zoomed' : ''}`}>
        <img src={image.url} alt={image.name} width={image.width} height={image.height} onClick={() => setZoomed((z) => !z)} />
      </div>
      <button type="button" className="icon-btn lightbox-prev" aria-label="Previous image" disabled={!previous} onClick={previous}>
        <Icon name="left" />
      </button>
      <button type="button" className="icon-btn lightbox-next" aria-label="Next image" disabled={!next} onClick={next}>
        <Icon name="right" />
      </button>
    </dialog>,
    document.body,
  );
}
