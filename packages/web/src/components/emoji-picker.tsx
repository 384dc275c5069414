import { EmojiPicker as Picker } from 'frimousse';
import { useState } from 'react';
import { recentEmoji, rememberEmoji } from '../lib/recent-emoji.js';
import { Modal } from './modal.js';

/** Served by our own server (see build/emoji-data.ts): the CSP allows no other origin. */
const emojibaseUrl = '/emojibase';

interface EmojiPickerProps {
  title: string;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/**
 * Every emoji, searchable by name, by category, with skin tones (Frimousse over Emojibase's data;
 * emoji the device cannot draw are left out). Its own chunk: loaded the first time it opens.
 */
export default function EmojiPicker({ title, onPick, onClose }: EmojiPickerProps) {
  const [recent] = useState(recentEmoji);
  const pick = (emoji: string) => {
    rememberEmoji(emoji);
    onPick(emoji);
    onClose();
  };
  return (
    <Modal title={title} onClose={onClose} className="emoji-modal">
      <Picker.Root
        className="emoji-picker"
        locale="en"
        emojibaseUrl={emojibaseUrl}
        columns={8}
        onEmojiSelect={({ emoji }) => pick(emoji)}
      >
        <div className="emoji-picker-tools">
          <Picker.Search className="emoji-search" aria-label="Search emoji" placeholder="Search emoji" autoFocus />
          <Picker.SkinToneSelector className="emoji-skin-tone" aria-label="Change the skin tone" />
        </div>
        {recent.length > 0 ? (
          <div className="emoji-recent" role="group" aria-label="Recently used">
            {recent.map((emoji) => (
              <button key={emoji} type="button" className="emoji-option" aria-label={`Recently used ${emoji}`} onClick={() => pick(emoji)}>
                {emoji}
              </button>
            ))}
          </div>
        ) : null}
        <Picker.Viewport className="emoji-viewport">
          <Picker.Loading className="emoji-note">Loading emoji…</Picker.Loading>
          <Picker.Empty className="emoji-note">No emoji found.</Picker.Empty>
          <Picker.List
            className="emoji-list"
            components={{
              CategoryHeader: ({ category, ...props }) => (
                <div className="emoji-category" {...props}>
                  {category.label}
                </div>
              ),
              Emoji: ({ emoji, ...props }) => (
                <button className="emoji-option" aria-label={emoji.label} {...props}>
                  {emoji.emoji}
                </button>
              ),
            }}
          />
        </Picker.Viewport>
      </Picker.Root>
    </Modal>
  );
}
