import type { PendingUpload } from '../hooks/use-pending-uploads.js';
import { formatBytes } from '../lib/upload-reason.js';
import { Icon } from './icon.js';

interface AttachmentTrayProps {
  items: PendingUpload[];
  /** Why some files were not added (over 10), if so. */
  refused: string | null;
  onRemove: (key: string) => void;
  onRetry: (key: string) => void;
}

/** The files attached to the message being written, each with its progress, Cancel and Retry. */
export function AttachmentTray({ items, refused, onRemove, onRetry }: AttachmentTrayProps) {
  if (items.length === 0 && !refused) return null;
  return (
    <div className="attachment-tray">
      {refused ? (
        <p className="attachment-refused" role="alert">
          {refused}
        </p>
      ) : null}
      <ul aria-label="Files to send">
        {items.map((item) => (
          <li key={item.key} className={`pending-file is-${item.status}`}>
            <Icon name="file" className="pending-file-icon" />
            <span className="pending-file-name" title={item.name}>
              {item.name}
            </span>
            <span className="pending-file-size">{formatBytes(item.file.size)}</span>
            {item.status === 'uploading' ? <progress max={Math.max(1, item.file.size)} value={item.sent} aria-label={`Uploading ${item.name}`} /> : null}
            {item.status === 'done' ? <span className="pending-file-done">Ready</span> : null}
            {item.status === 'failed' ? (
              <>
                <span className="pending-file-reason" role="alert">
                  {item.reason}
                </span>
                <button type="button" className="link" onClick={() => onRetry(item.key)}>
                  Retry
                </button>
              </>
            ) : null}
            <button type="button" className="icon-btn pending-file-remove" aria-label={`${item.status === 'uploading' ? 'Cancel' : 'Remove'} ${item.name}`} onClick={() => onRemove(item.key)}>
              <Icon name="close" />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
