import { useState } from 'react';
import { applyTheme, loadTheme, type ThemeChoice } from '../lib/theme.js';
import { Modal } from './modal.js';

const choices: { value: ThemeChoice; label: string; hint: string }[] = [
  { value: 'system', label: 'System', hint: 'Light or dark, as this device is set.' },
  { value: 'light', label: 'Light', hint: 'Always light.' },
  { value: 'dark', label: 'Dark', hint: 'Always dark.' },
];

/** Light, dark or the system's setting, for this device; applied as soon as it is picked. */
export function ThemeModal({ onClose }: { onClose: () => void }) {
  const [choice, setChoice] = useState<ThemeChoice>(loadTheme);
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
    </Modal>
  );
}
