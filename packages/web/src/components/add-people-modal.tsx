import { useState } from 'react';
import type { FoundUser } from '@parley/client';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { toFormErrors, type FormErrors } from '../lib/errors.js';
import { FormAlert } from './form-alert.js';
import { Modal } from './modal.js';
import { PeoplePicker } from './people-picker.js';

/** Adds people to the open room or group; they are members at once and see its history. */
export function AddPeopleModal({ room, title, onClose }: { room: string; title: string; onClose: () => void }) {
  const { store, actions } = useChatContext();
  const { me, members } = useChatState();
  const [picked, setPicked] = useState<FoundUser[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });
  const already = new Set((members[room] ?? []).map((m) => m.phone));

  async function submit() {
    const fresh = picked.filter((p) => !already.has(p.phone));
    if (fresh.length === 0) {
      setErrors({ fields: { members: picked.length ? 'They are members already.' : 'Add at least one person.' }, form: null });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      await actions.invite(room, fresh);
      onClose();
    } catch (error) {
      setErrors(toFormErrors(error, { members: 'People' }));
      setBusy(false);
    }
  }

  return (
    <Modal
      title={`Add people to ${title}`}
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Add
          </button>
        </>
      }
    >
      <FormAlert text={errors.form} />
      <PeoplePicker client={store.client} myPhone={me?.phone} picked={picked} onChange={setPicked} error={errors.fields.members} />
    </Modal>
  );
}
