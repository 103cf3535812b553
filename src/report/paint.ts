/** ANSI styling for the text reporters: one palette, and a no-op painter when colour is off. */
export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'magenta' | 'cyan';

export type Paint = (text: string, ...styles: Style[]) => string;

const CODES: Record<Style, string> = {
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
};
export const RESET = '\u001b[0m';

export function painter(color: boolean): Paint {
  if (!color) return (text) => text;
  return (text, ...styles) => (text === '' || styles.length === 0 ? text : styles.map((s) => CODES[s]).join('') + text + RESET);
}
