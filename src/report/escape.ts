/**
 * Untrusted text (rule descriptions, tag values, names, file paths) must never drive the terminal. Every
 * character that a terminal may interpret is replaced by a visible escape, so `\x1b[2J` in a description
 * prints as the eight characters `\x1b[2J` instead of clearing the screen:
 *
 * - C0 controls U+0000–U+001F (ESC, BEL, CR, LF, TAB, …) and DEL U+007F → `\xHH`;
 * - C1 controls U+0080–U+009F (8-bit CSI U+009B, OSC U+009D, …) → `\xHH`;
 * - bidirectional overrides and isolates (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069) and the
 *   line/paragraph separators U+2028/U+2029 → `\u{HHHH}`: they reorder or break what the reader sees.
 *
 * Escaping (rather than stripping) keeps the reader informed that the input carries something odd.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
// Every character above is in the BMP: no `u` flag needed, and without it V8 scans text several times
// faster (escaping runs over every line of a 40,000-finding report).
// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

export function escapeTerminal(text: string): string {
  if (!ANY_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (ch) => {
    const code = ch.codePointAt(0)!;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16).padStart(4, '0')}}`;
  });
}

/** True when the text holds nothing `escapeTerminal` would change. */
export function isTerminalSafe(text: string): boolean {
  return !ANY_UNSAFE.test(text);
}

// ANY_UNSAFE without the line feed.
// eslint-disable-next-line no-control-regex
const ANY_UNSAFE_BUT_LF = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * True when the only characters of `text` that `escapeTerminal` would change are exactly `lineFeeds` line
 * feeds. Text assembled from pieces and that many line feeds of its own then equals the same assembly of
 * the escaped pieces: one test of the whole instead of one per piece.
 */
export function isTerminalSafeLines(text: string, lineFeeds: number): boolean {
  if (ANY_UNSAFE_BUT_LF.test(text)) return false;
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count === lineFeeds;
}

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON.stringify escapes U+0000–U+001F but leaves DEL, C1 controls and bidi controls raw; this turns them
 * into `\uHHHH` escapes too. The parsed value is unchanged, so it is safe to apply to any JSON text.
 */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
