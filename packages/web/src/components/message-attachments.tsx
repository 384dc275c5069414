import type { Attachment } from '@parley/client';
import { formatBytes } from '../lib/upload-reason.js';
import { Icon } from './icon.js';

/** The largest box an inline image takes in a bubble; it keeps its aspect ratio inside. */
const box = { width: 280, height: 280 };

/** An image shown inline (decoded by the server, so its size is known before it loads). */
export function isInlineImage(a: Attachment): a is Attachment & { width: number; height: number } {
  return a.type.startsWith('image/') && a.width !== undefined && a.height !== undefined && a.thumbnailUrl !== undefined;
}

const playable = new Set(['video/mp4', 'video/webm']);

/** Its size on screen: within the box, never larger than the image itself. */
export function fitted(a: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, box.width / a.width, box.height / a.height);
  return { width: Math.max(1, Math.round(a.width * scale)), height: Math.max(1, Math.round(a.height * scale)) };
}

/** "PDF", "MP3", "ZIP": the short label beside a document's icon. */
function typeLabel(a: Attachment): string {
  const extension = /\.([a-z0-9]{1,5})$/i.exec(a.name)?.[1];
  if (extension) return extension.toUpperCase();
  return a.type === 'application/octet-stream' ? 'File' : (a.type.split('/')[1] ?? 'File').toUpperCase();
}

interface MessageAttachmentsProps {
  attachments: Attachment[];
  onOpenImage?: ((id: string) => void) | undefined;
}

/**
 * A message's files: images inline at their aspect ratio (width and height set before they load,
 * so nothing below moves), video and audio with the browser's controls (seeking by Range
 * requests), anything else as a download under its original name.
 */
export function MessageAttachments({ attachments, onOpenImage }: MessageAttachmentsProps) {
  return (
    <ul className="attachments" aria-label="Files">
      {attachments.map((a) => {
        if (isInlineImage(a)) {
          const size = fitted(a);
          // A GIF plays in the bubble; other images show their thumbnail.
          const src = a.type === 'image/gif' ? a.url : a.thumbnailUrl;
          return (
            <li key={a.id} className="attachment attachment-image">
              <button type="button" className="attachment-open" onClick={() => onOpenImage?.(a.id)} aria-label={`Open ${a.name}`}>
                <img src={src} alt={a.name} width={size.width} height={size.height} style={{ aspectRatio: `${a.width} / ${a.height}` }} loading="lazy" decoding="async" />
              </button>
            </li>
          );
        }
        if (playable.has(a.type)) {
          return (
            <li key={a.id} className="attachment attachment-video">
              <video src={a.url} controls preload="metadata" aria-label={a.name} />
            </li>
          );
        }
        if (a.type.startsWith('audio/')) {
          return (
            <li key={a.id} className="attachment attachment-audio">
              <span className="attachment-name">{a.name}</span>
              <audio src={a.url} controls preload="metadata" aria-label={a.name} />
            </li>
          );
        }
        return (
          <li key={a.id} className="attachment attachment-document">
            <a href={a.url} download={a.name} className="document-link">
              <span className="document-icon" aria-hidden="true">
                <Icon name="file" />
                <span className="document-type">{typeLabel(a)}</span>
              </span>
              <span className="document-text">
                <span className="attachment-name">{a.name}</span>
                <span className="document-size">
                  {typeLabel(a)} · {formatBytes(a.size)}
                </span>
              </span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
