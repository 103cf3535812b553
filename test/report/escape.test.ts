import { describe, expect, it } from 'vitest';
import { escapeJsonText, escapeTerminal, isTerminalSafe, isTerminalSafeLines } from '../../src/report/escape.js';

describe('escapeTerminal', () => {
  it('leaves ordinary text, including non-ASCII letters and arrows, unchanged', () => {
    const text = 'web → db, Zürich “quoted” 日本 ✓';
    expect(escapeTerminal(text)).toBe(text);
    expect(isTerminalSafe(text)).toBe(true);
  });

  it('turns ESC sequences into visible text (CSI, OSC with BEL)', () => {
    expect(escapeTerminal('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeTerminal('\u001b]0;pwned\u0007')).toBe('\\x1b]0;pwned\\x07');
  });

  it('escapes every C0 control, DEL and every C1 control', () => {
    for (let c = 0; c < 0x20; c++) expect(escapeTerminal(String.fromCharCode(c))).toBe(`\\x${c.toString(16).padStart(2, '0')}`);
    expect(escapeTerminal('\u007f')).toBe('\\x7f');
    for (let c = 0x80; c < 0xa0; c++) expect(escapeTerminal(String.fromCharCode(c))).toBe(`\\x${c.toString(16)}`);
    expect(escapeTerminal('\u00a0é')).toBe('\u00a0é');
  });

  it('escapes newlines and tabs, so one value stays on one line', () => {
    expect(escapeTerminal('line1\nline2\r\tx')).toBe('line1\\x0aline2\\x0d\\x09x');
  });

  it('escapes bidirectional overrides and line separators (Trojan Source)', () => {
    expect(escapeTerminal('a\u202eb\u2066c\u2069\u2028')).toBe('a\\u{202e}b\\u{2066}c\\u{2069}\\u{2028}');
    expect(isTerminalSafe('a\u202eb')).toBe(false);
  });

  it('output never holds a control character, whatever the input', () => {
    let all = '';
    for (let c = 0; c < 0x300; c++) all += String.fromCharCode(c);
    all += '\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069';
    const out = escapeTerminal(all);
    expect(isTerminalSafe(out)).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('isTerminalSafeLines', () => {
  it('holds when the only characters escapeTerminal would change are exactly that many line feeds', () => {
    expect(isTerminalSafeLines('a → b\nc\n', 2)).toBe(true);
    expect(isTerminalSafeLines('', 0)).toBe(true);
    // One line feed more than the text's own: a piece brought it.
    expect(isTerminalSafeLines('a\nb\nc\n', 2)).toBe(false);
    expect(isTerminalSafeLines('a\n', 2)).toBe(false);
    for (const unsafe of ['\r', '\t', '\u001b', '\u0000', '\u007f', '\u009b', '\u202e', '\u2028', '\u061c']) expect(isTerminalSafeLines(`a${unsafe}b\n`, 1), JSON.stringify(unsafe)).toBe(false);
  });

  it('agrees with escaping each piece: text joined from pieces is safe exactly when every piece is', () => {
    const pieces = ['plain', 'x\ny', 'tab\t', 'esc \u001b[2J', 'bidi \u202e', 'é → ✓'];
    for (const a of pieces) {
      for (const b of pieces) {
        const text = `${a}\n${b}\n`;
        expect(isTerminalSafeLines(text, 2), JSON.stringify(text)).toBe(isTerminalSafe(a) && isTerminalSafe(b));
      }
    }
  });
});

describe('escapeJsonText', () => {
  it('escapes DEL, C1 and bidi controls that JSON.stringify leaves raw, without changing the value', () => {
    const value = { d: 'x\u009b31m\u007f\u202ey\u001b' };
    const json = escapeJsonText(JSON.stringify(value));
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
