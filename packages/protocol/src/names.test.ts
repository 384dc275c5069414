import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, roomNameSkeleton } from './names.js';
import { isPrivateRoomName } from './rules.js';

describe('roomNameSkeleton', () => {
  it('gives look-alikes of a name the name’s key: other case, Cyrillic е, fullwidth, math bold, zero-width space', () => {
    const key = roomNameSkeleton('General');
    for (const alike of ['general', 'GENERAL', 'G\u0435neral', 'Ｇｅｎｅｒａｌ', '𝐆𝐞𝐧𝐞𝐫𝐚𝐥', 'Gen\u200beral', '\u200bGeneral', 'Gen\u00aderal', ' General ', 'Gener\u0430l']) {
      expect(roomNameSkeleton(alike), JSON.stringify(alike)).toBe(key);
    }
  });

  it('catches capitals that pass for Latin ones, and I for l', () => {
    expect(roomNameSkeleton('\u041d\u041e\u0422')).toBe(roomNameSkeleton('HOT')); // Cyrillic НОТ
    expect(roomNameSkeleton('PayPaI')).toBe(roomNameSkeleton('paypal'));
    expect(roomNameSkeleton('rn')).toBe(roomNameSkeleton('m'));
  });

  it('stays case-insensitive in every script, and keeps different names apart', () => {
    expect(roomNameSkeleton('Москва')).toBe(roomNameSkeleton('МОСКВА'));
    expect(roomNameSkeleton('Ελλάδα')).toBe(roomNameSkeleton('ΕΛΛΆΔΑ'));
    expect(roomNameSkeleton('Book club')).not.toBe(roomNameSkeleton('Book clubs'));
    expect(roomNameSkeleton('Café')).toBe(roomNameSkeleton('Cafe\u0301'));
    expect(roomNameSkeleton('Café')).not.toBe(roomNameSkeleton('Cafe'));
    expect(roomNameSkeleton('日本語')).not.toBe(roomNameSkeleton('中文'));
  });
});

describe('isPrivateRoomName', () => {
  it('finds the reserved prefix however it is disguised', () => {
    const disguised = [
      'private_room_1_2',
      'PRIVATE_ROOM_x',
      '\u200bprivate_room_123456_654321', // leading zero-width space
      '\u202eprivate_room_x', // right-to-left override
      'priv\u00adate_room_x', // soft hyphen
      'private\u0085_room_x', // C1 next line
      '\u0440rivate_r\u043e\u043em_x', // Cyrillic р and о
      'ｐｒｉｖａｔｅ＿ｒｏｏｍ＿x', // fullwidth
      '𝐩𝐫𝐢𝐯𝐚𝐭𝐞_𝐫𝐨𝐨𝐦_1', // mathematical bold
    ];
    for (const name of disguised) expect(isPrivateRoomName(name), JSON.stringify(name)).toBe(true);
    for (const name of ['General', 'private room', 'privateroom', 'my private_room_x']) expect(isPrivateRoomName(name), name).toBe(false);
  });
});

describe('hasHiddenCharacters', () => {
  it('finds invisible, format, bidi-control and C1 control characters', () => {
    for (const char of ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u202a', '\u2066', '\u2069', '\u200e', '\u061c', '\u0085', '\u0080', '\u009f', '\u2028', '\u3164', '\u115f', '\u2800', '\u0007']) {
      expect(hasHiddenCharacters(`a${char}b`), `U+${char.codePointAt(0)!.toString(16).padStart(4, '0')}`).toBe(true);
    }
  });

  it('lets emoji sequences and every script through', () => {
    for (const name of ['👩‍💻 Devs', '👨‍👩‍👧 Family', '1️⃣ First', '❤️', '🏴󠁧󠁢󠁥󠁮󠁧󠁿 England', '👍🏽', 'Ünïcødé', '日本語', 'עברית', 'العربية', 'हिन्दी', 'Ελλάδα', 'می\u200cخواهم', 'क्\u200dष']) {
      expect(hasHiddenCharacters(name), name).toBe(false);
    }
  });
});
