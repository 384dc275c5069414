import { limits, uploadFile, type Attachment } from '@parley/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { uploadReason } from '../lib/upload-reason.js';

/** A file being attached in the composer: uploading, uploaded, or failed with a reason. */
export interface PendingUpload {
  key: string;
  file: File;
  name: string;
  /** Bytes sent so far. */
  sent: number;
  status: 'uploading' | 'done' | 'failed';
  upload?: Attachment;
  reason?: string;
}

let counter = 0;

/**
 * The files attached to the message being written. Each uploads as soon as it is added (so that
 * sending is instant), with its progress; it can be cancelled, and retried when it failed.
 */
export function usePendingUploads(token: () => string | null) {
  const [items, setItems] = useState<PendingUpload[]>([]);
  const aborts = useRef(new Map<string, AbortController>());
  const [refused, setRefused] = useState<string | null>(null);

  const patch = useCallback((key: string, change: Partial<PendingUpload>) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }, []);

  const start = useCallback(
    (key: string, file: File, name: string) => {
      const controller = new AbortController();
      aborts.current.set(key, controller);
      patch(key, { status: 'uploading', sent: 0, reason: undefined });
      uploadFile(location.origin, token() ?? '', file, name, { signal: controller.signal, onProgress: (sent) => patch(key, { sent }) }).then(
        (upload) => patch(key, { status: 'done', upload, sent: file.size }),
        (error: unknown) => {
          if (error instanceof DOMException && error.name === 'AbortError') return;
          patch(key, { status: 'failed', reason: uploadReason(error) });
        },
      );
    },
    [patch, token],
  );

  const current = useRef(items);
  current.current = items;

  /** Adds files (from the button, a drop or a paste), up to 10 in all. */
  const add = useCallback(
    (files: File[]) => {
      const room = limits.attachmentsMax - current.current.length;
      setRefused(files.length > room ? `At most ${limits.attachmentsMax} files per message.` : null);
      const added: PendingUpload[] = files.slice(0, Math.max(0, room)).map((file) => ({
        key: `u${++counter}`,
        file,
        // A pasted screenshot arrives as "image.png": give it a name worth keeping.
        name: file.name && file.name !== 'image.png' ? file.name : `Screenshot ${new Date().toISOString().slice(0, 19).replace('T', ' ').replace(/:/g, '.')}.png`,
        sent: 0,
        status: 'uploading',
      }));
      current.current = [...current.current, ...added];
      setItems(current.current);
      for (const item of added) start(item.key, item.file, item.name);
    },
    [start],
  );

  const remove = useCallback((key: string) => {
    aborts.current.get(key)?.abort();
    aborts.current.delete(key);
    setItems((list) => list.filter((item) => item.key !== key));
    setRefused(null);
  }, []);

  const retry = useCallback(
    (key: string) => {
      const item = items.find((i) => i.key === key);
      if (item) start(key, item.file, item.name);
    },
    [items, start],
  );

  /** Empties the tray once the message is handed to the outbox (the uploads belong to it now). */
  const clear = useCallback(() => {
    aborts.current.clear();
    setItems([]);
    setRefused(null);
  }, []);

  // Leaving the chat cancels what is still uploading.
  useEffect(() => () => aborts.current.forEach((c) => c.abort()), []);

  const ready = items.length > 0 && items.every((i) => i.status === 'done');
  return { items, add, remove, retry, clear, ready, busy: items.some((i) => i.status !== 'done'), refused };
}
