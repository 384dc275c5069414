import { useState } from 'react';
import type { ParleyClient } from '@parley/client';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { Notifier } from '../lib/notifier.js';
import { describeError } from '../lib/errors.js';
import { applyTheme, loadTheme, type ThemeChoice } from '../lib/theme.js';
import { Modal } from './modal.js';

const choices: { value: ThemeChoice; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Light or dark, as this device is set.' },
  { value: 'light', label: 'Light', hint: 'Always light.' },
  { value: 'dark', label: 'Dark', hint: 'Always dark.' },
];

/**
 * The settings: light, dark or the system's setting, for this device, applied as soon as it is
 * picked; whether the account shares read receipts (and so sees others'); and the account's data
 * request, downloaded as one JSON file.
 */
export function ThemeModal({ client, onClose }: { client: ParleyClient; onClose: () => void }) {
  const [choice, setChoice] = useState<ThemeChoice>(loadTheme);
  const [exporting, setExporting] = useState<'idle' | 'busy' | 'done'>('idle');
  const [exportError, setExportError] = useState<string | null>(null);
  const { actions } = useChatContext();
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>(() => (Notifier.supported() ? Notification.permission : 'unsupported'));
  const { settings } = useChatState();
  const [receiptsError, setReceiptsError] = useState<string | null>(null);
  // Shown as picked at once; the server's answer confirms it or puts it back.
  const [receiptsPicked, setReceiptsPicked] = useState<boolean | null>(null);
  const receiptsOn = receiptsPicked ?? settings?.readReceipts ?? true;
  const toggleReceipts = async (on: boolean) => {
    setReceiptsError(null);
    setReceiptsPicked(on);
    try {
      await actions.setReadReceipts(on);
    } catch (error) {
      setReceiptsError(describeError(error));
    }
    setReceiptsPicked(null);
  };
  const download = async () => {
    setExporting('busy');
    setExportError(null);
    try {
      const data = await client.exportMyData();
      // A Blob URL of our own JSON, saved as a file: nothing of it is rendered in the page.
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `parley-export-${data.exportedAt.slice(0, 10)}.json`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setExporting('done');
    } catch (error) {
      setExportError(describeError(error));
      setExporting('idle');
    }
  };
  const pick = (value: ThemeChoice) => {
    setChoice(value);
    applyTheme(value);
  };
  return (
    <Modal
      title="Appearance"
      onClose={onClose}
      onSubmit={onClose}
      footer={
        <button type="submit" className="btn btn-primary">
          Done
        </button>
      }
    >
      <fieldset className="choice">
        <legend>Colours on this device</legend>
        {choices.map((c) => (
          <label key={c.value} className="choice-option">
            <input type="radio" name="theme" value={c.value} checked={choice === c.value} onChange={() => pick(c.value)} />
            <span>
              <strong>{c.label}</strong>
              <small>{c.hint}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice">
        <legend>Notifications</legend>
        <p>
          <small>While Parley is in a hidden tab: private messages and mentions, or as each chat is set. Busy keeps to private chats.</small>
        </p>
        {!Notifier.supported() ? (
          <p>This browser does not show notifications.</p>
        ) : permission === 'granted' ? (
          <p role="status">Notifications are on for this browser.</p>
        ) : permission === 'denied' ? (
          <p>Notifications are blocked for this site in the browser's settings.</p>
        ) : (
          <button type="button" className="btn btn-ghost" onClick={() => void Notification.requestPermission().then(setPermission)}>
            Turn on notifications
          </button>
        )}
      </fieldset>
      <fieldset className="choice">
        <legend>Privacy</legend>
        <label className="choice-option">
          <input type="checkbox" checked={receiptsOn} disabled={!settings} onChange={(e) => void toggleReceipts(e.target.checked)} />
          <span>
            <strong>Read receipts</strong>
            <small>Others see when you have read their messages. Off, you do not see theirs either.</small>
          </span>
        </label>
        {receiptsError ? <p role="alert">{receiptsError}</p> : null}
      </fieldset>
      <fieldset className="choice">
        <legend>Your data</legend>
        <p>
          <small>Your account and every chat you are in, with its messages, as one JSON file.</small>
        </p>
        <button type="button" className="btn btn-ghost" disabled={exporting === 'busy'} onClick={() => void download()}>
          {exporting === 'busy' ? 'Preparing…' : 'Download my data'}
        </button>
        {exporting === 'done' ? <p role="status">Your data was downloaded.</p> : null}
        {exportError ? <p role="alert">{exportError}</p> : null}
      </fieldset>
    </Modal>
  );
}
