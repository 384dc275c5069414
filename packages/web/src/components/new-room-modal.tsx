import { useState } from 'react';
import { useChatContext } from '../hooks/use-chat.js';
import { toFormErrors, type FormErrors } from '../lib/errors.js';
import { Field } from './field.js';
import { FormAlert } from './form-alert.js';
import { Modal } from './modal.js';

/** Creates a room: a name, a description, and whether anyone may find and join it. */
export function NewRoomModal({ onClose }: { onClose: () => void }) {
  const { actions } = useChatContext();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [isPrivate, setIsPrivate] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, form: null });

  async function submit() {
    setBusy(true);
    setErrors({ fields: {}, form: null });
    try {
      await actions.createRoom(name, description, isPrivate);
      onClose();
    } catch (error) {
      setErrors(toFormErrors(error, { room: 'Room name', description: 'Description' }));
      setBusy(false);
    }
  }

  return (
    <Modal
      title="New room"
      onClose={onClose}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            Create room
          </button>
        </>
      }
    >
      <FormAlert text={errors.form} />
      <Field label="Room name" value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.room} maxLength={64} autoFocus required />
      <Field label="Description" value={description} onChange={(e) => setDescription(e.target.value)} error={errors.fields.description} maxLength={500} placeholder="What is it about? (optional)" />
      <fieldset className="choice">
        <legend>Who can join</legend>
        <label className="choice-option">
          <input type="radio" name="visibility" checked={!isPrivate} onChange={() => setIsPrivate(false)} />
          <span>
            <strong>Public</strong>
            <small>Anyone can find it in search and join.</small>
          </span>
        </label>
        <label className="choice-option">
          <input type="radio" name="visibility" checked={isPrivate} onChange={() => setIsPrivate(true)} />
          <span>
            <strong>Private</strong>
            <small>Hidden from search; only members see it.</small>
          </span>
        </label>
      </fieldset>
    </Modal>
  );
}
