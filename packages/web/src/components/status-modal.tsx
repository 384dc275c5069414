import { useState } from 'react';
import type { ChosenStatus } from '@parley/client';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { toFormErrors, type FormErrors } from '../lib/errors.js';
import { Field } from './field.js';
import { FormAlert } from './form-alert.js';
import { Modal } from './modal.js';

const choices: { value: ChosenStatus; label: string; hint: string }[] = [
  { value: 'online', label: 'Online', hint: 'Shown away by itself after 10 minutes without use.' },
  { value: 'away', label: 'Away', hint: 'Others see you are not at your screen.' },
  { value: 'busy', label: 'Busy', hint: 'Only private chats notify you.' },
  { value: 'invisible', label: 'Invisible', hint: 'You look offline to everyone.' },
];

const clearAfter: { value: string; label: string; ms: number | null }[] = [
  { value: 'never', label: "Don't clear", ms: null },
  { value: '30m', label: '30 minutes', ms: 30 * 60_000 },
  { value: '1h', label: '1 hour', ms: 3_600_000 },
  { value: '4h', label: '4 hours', ms: 4 * 3_600_000 },
  { value: 'today', label: 'Today', ms: -1 },
];

function untilOf(choice: string): string | null {
  const ms = clearAfter.find((c) => c.value === choice)?.ms ?? null;
  if (ms === null) return null;
  if (ms === -1) {
    const end = new Date();
    end.setHours(23, 59, 59, 0);
    return end.toISOString();
  }
  return new Date(Date.now() + ms).toISOString();
}

/** One's status: online, away, busy or invisible, and a custom text and emoji that may clear by themselves. */
export function StatusModal({ onClose }: { onClose: () => void }) {
  const { actions } = useChatContext();
  const { myStatus } = useChatState();
  const [status, setStatus] = useState<ChosenStatus>(myStatus?.status ?? 'online');
  const [text, setText] = useState(myStatus?.text ?? '');
  const [emoji, setEmoji] = useState(myStatus?.emoji ?? '');
  const [clear, setClear] = useState('never');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });

  async function submit(custom: boolean) {
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      await actions.setStatus(status, custom ? { text: text.trim() || null, emoji: emoji.trim() || null, until: untilOf(clear) } : {});
      onClose();
    } catch (error) {
      setErrors(toFormErrors(error, { text: 'Status text', emoji: 'Emoji', until: 'Clear after' }));
      setBusy(false);
    }
  }

  return (
    <Modal
      title="Your status"
      onClose={onClose}
      onSubmit={() => void submit(true)}
      footer={
        <>
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => void submit(false)}>
            Clear custom status
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Save
          </button>
        </>
      }
    >
      <FormAlert text={errors.form} />
      <fieldset className="choice">
        <legend>Show me as</legend>
        {choices.map((c) => (
          <label key={c.value} className="choice-option">
            <input type="radio" name="status" value={c.value} checked={status === c.value} onChange={() => setStatus(c.value)} />
            <span>
              <strong>{c.label}</strong>
              <small>{c.hint}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <Field label="Emoji" value={emoji} onChange={(e) => setEmoji(e.target.value)} error={errors.fields.emoji} maxLength={16} placeholder="📅 (optional)" />
      <Field label="Status text" value={text} onChange={(e) => setText(e.target.value)} error={errors.fields.text} maxLength={100} placeholder="In a meeting (optional)" />
      <div className="field">
        <label htmlFor="status-clear">Clear after</label>
        <select id="status-clear" value={clear} onChange={(e) => setClear(e.target.value)}>
          {clearAfter.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
    </Modal>
  );
}
