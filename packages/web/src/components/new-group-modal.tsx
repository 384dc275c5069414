import { useState } from 'react';
import type { FoundUser } from '@parley/client';
import { useChatContext, useChatState } from '../hooks/use-chat.js';
import { toFormErrors, type FormErrors } from '../lib/errors.js';
import { Field } from './field.js';
import { FormAlert } from './form-alert.js';
import { Modal } from './modal.js';
import { PeoplePicker } from './people-picker.js';

/** Creates a private group: a name and the people in it, who are members at once. */
export function NewGroupModal({ onClose }: { onClose: () => void }) {
  const { store, actions } = useChatContext();
  const { me } = useChatState();
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<FoundUser[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });

  async function submit() {
    if (picked.length === 0) {
      setErrors({ fields: { members: 'Add at least one person.' }, form: null });
      return;
    }
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      await actions.createGroup(name, picked);
      onClose();
    } catch (error) {
      setErrors(toFormErrors(error, { room: 'Group name', members: 'People' }));
      setBusy(false);
    }
  }

  return (
    <Modal
      title="New group"
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Create group
          </button>
        </>
      }
    >
      <FormAlert text={errors.form} />
      <Field label="Group name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.room} maxLength={64} autoFocus required />
      <PeoplePicker client={store.client} myPhone={me?.phone} picked={picked} onChange={setPicked} error={errors.fields.members} />
    </Modal>
  );
}
