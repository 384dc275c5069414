// Unicode's confusables.txt (UTS #39), as a map from a code point to its prototype, kept by a
// well-maintained package rather than copied here.
import prototypes from 'unhomoglyph/data.json' with { type: 'json' };

/**
 * Look-alike names: what two names must not differ by, and what a name must not contain.
 *
 * The key of a name is its UTS #39 skeleton, made case-insensitive: NFKC (fullwidth and
 * mathematical letters become plain ones), invisible code points dropped (zero-width space,
 * soft hyphen, bidi marks, C1 controls), lowercase, then each character replaced by its confusables
 * prototype. Lowercasing first keeps the key at least as coarse as the case-insensitive names
 * Parley always had ("Москва" and "МОСКВА" stay one room). What lowercasing would hide is a
 * capital that passes for a Latin one while its small letter does not (Cyrillic "НОТ" for
 * "HOT": н is ʜ, not h); one bridge step maps such small letters to the Latin letter their
 * capital looks like. Capital I looks like l and is i's capital, so i, I, l and 1 are one
 * letter here: for names that must not be mistaken for each other, that is the safe side.
 */

const data = prototypes as Record<string, string>;
const isSingle = (s: string) => s.length > 0 && [...s].length === 1;
const prototypeOf = (char: string) => (data[char] ?? char).normalize('NFD');

let bridges: Map<string, string> | undefined;

/**
 * Small letter's prototype → the Latin letter its capital's prototype is, for capitals that
 * look like a Latin letter (Н → H, while н → ʜ). Built on first use (about 45 entries); never
 * remaps ASCII but i, never chains.
 */
function capitalBridges(): Map<string, string> {
  if (bridges) return bridges;
  bridges = new Map();
  const capitals = new Set(Object.keys(data));
  for (let c = 0x41; c <= 0x5a; c++) capitals.add(String.fromCharCode(c));
  for (const capital of capitals) {
    const small = capital.toLowerCase();
    if (small === capital || !isSingle(small)) continue;
    const latin = prototypeOf(capital).toLowerCase();
    const from = prototypeOf(small);
    if (!/^[a-z]$/.test(latin) || !isSingle(from) || from === latin) continue;
    if (/^[\x00-\x7f]$/.test(from) && from !== 'i') continue;
    if (!bridges.has(from)) bridges.set(from, latin);
  }
  return bridges;
}

// Invisible in any font: default-ignorable code points, and controls and format characters.
const invisible = /[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]/gu;

function mapChars(text: string, map: (char: string) => string): string {
  let out = '';
  for (const char of text) out += map(char);
  return out.normalize('NFD');
}

/**
 * The key two names are compared by, for uniqueness and for the reserved `private_room_`
 * prefix: equal keys mean the names look alike (see above). Not for display.
 */
export function roomNameSkeleton(name: string): string {
  const bridge = capitalBridges();
  const folded = name.normalize('NFKC').normalize('NFD').replace(invisible, '').toLowerCase();
  const skeleton = mapChars(folded, prototypeOf);
  const bridged = mapChars(skeleton, (char) => bridge.get(char) ?? char);
  // A bridged letter may have a prototype of its own (m is written rn).
  return mapChars(bridged.toLowerCase(), prototypeOf).replace(/\s+/gu, ' ').trim();
}

// Emoji sequences need a few format characters: the joiner between two pictographs (👩‍💻),
// variation selectors after a pictograph or keycap base, and tag characters after a black flag
// (🏴 + tags is a subdivision flag). Writing needs two more, in the contexts IDNA allows them
// (RFC 5892 CONTEXTJ): a joiner or non-joiner after an Indic virama, and a non-joiner between
// Arabic-script letters (Persian writes words with it). Anywhere else they only hide text.
const emojiJoiner = /(?<=\p{Extended_Pictographic}[\u{FE0F}\u{1F3FB}-\u{1F3FF}]?)\u200D(?=\p{Extended_Pictographic})/gu;
const emojiVariation = /(?<=[\p{Extended_Pictographic}#*0-9])[\uFE0E\uFE0F]/gu;
const flagTags = /(?<=\u{1F3F4}[\u{E0020}-\u{E007E}]*)[\u{E0020}-\u{E007F}]/gu;
const afterVirama = /(?<=[\u094D\u09CD\u0A4D\u0ACD\u0B4D\u0BCD\u0C4D\u0CCD\u0D4D\u0DCA\u1039\u17D2\uA8C4\u1B44])[\u200C\u200D]/gu;
const arabicNonJoiner = /(?<=\p{Script=Arabic}\p{Mn}*)\u200C(?=\p{Mn}*\p{Script=Arabic})/gu;

// C0 and C1 controls (U+0085 included), format characters (zero-width, soft hyphen, bidi
// overrides and isolates), line and paragraph separators, every default-ignorable code point
// (Hangul fillers among them), and the blank braille pattern, which renders as nothing.
const hidden = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\u2800]/u;

/**
 * Whether a name holds a character that is invisible, reorders the text around it, or
 * controls the terminal: what lets one name pass for another. Emoji sequences are fine.
 */
export function hasHiddenCharacters(name: string): boolean {
  const allowed = [emojiJoiner, emojiVariation, flagTags, afterVirama, arabicNonJoiner];
  return hidden.test(allowed.reduce((text, pattern) => text.replace(pattern, ''), name));
}

/** Whether a name looks like a private chat's (`private_room_…`), however it is spelled. */
export function looksLikePrivateRoomName(name: string): boolean {
  return roomNameSkeleton(name).startsWith(privateKey ??= roomNameSkeleton('private_room_'));
}

let privateKey: string | undefined;
