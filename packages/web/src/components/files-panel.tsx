import type { RoomFile } from '@parley/client';
import { useEffect, useState } from 'react';
import { useChatContext } from '../hooks/use-chat.js';
import { describeError } from '../lib/errors.js';
import { formatBytes } from '../lib/upload-reason.js';
import { Icon } from './icon.js';
import { isInlineImage } from './message-attachments.js';
import { SidePanel } from './side-panel.js';

interface FilesPanelProps {
  room: string;
  /** Changes when the timeline does, so that a file just shared (or deleted) shows. */
  version: number;
  /** Shows the message a file was sent with. */
  onOpen: (seq: number) => void;
  /** On a phone: a dialog over the chat, as the members panel is. */
  asLayer: boolean;
  onClose: () => void;
}

/** What was shared in the room, newest first: each file with who sent it, a link to its message and a download. */
export function FilesPanel({ room, version, onOpen, asLayer, onClose }: FilesPanelProps) {
  const { store } = useChatContext();
  const [files, setFiles] = useState<RoomFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    store.client.api.roomFiles(room, { limit: 100 }).then(
      (list) => current && (setFiles(list), setError(null)),
      (e: unknown) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [room, version, store]);

  return (
    <SidePanel id="files-panel" title="Files" asLayer={asLayer} onClose={onClose}>
      {error ? <p className="list-empty" role="alert">{error}</p> : null}
      {files === null && !error ? <p className="list-empty">Loading files…</p> : null}
      {files?.length === 0 ? <p className="list-empty">Nothing has been shared here yet.</p> : null}
      {files && files.length > 0 ? (
        <ul className="files-list">
          {files.map((f) => (
            <li key={f.id} className="file-row">
              {isInlineImage(f) ? <img className="file-thumb" src={f.thumbnailUrl} alt="" width={40} height={40} /> : <Icon name="file" className="file-thumb" />}
              <span className="file-text">
                <a className="file-name" href={f.url} download={f.name}>
                  {f.name}
                </a>
                <span className="file-meta">
                  {formatBytes(f.size)} · {f.from.name} ·{' '}
                  <button type="button" className="link" onClick={() => onOpen(f.seq)}>
                    Show in chat
                  </button>
                </span>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </SidePanel>
  );
}
