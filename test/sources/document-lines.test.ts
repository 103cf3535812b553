import { describe, expect, it } from 'vitest';
import { dedupeProblems, looksLikeJson, parseJsonDocument, parseYamlDocument, readErrorText, sortByLine, type LinedDocument } from '../../src/sources/document-lines.js';

const YAML = `# flows
flows:
  - from: a
    to: b
    port: 443
  - {from: c, to: d, port: 53}
nested:
  deeper:
    value: 1
"a/b": slash
"~t": tilde
"0": zero
empty:
`;

const JSON_TEXT = `{
  // comments are allowed
  "flows": [
    {
      "from": "a",
      "port": 443
    },
    {"from": "c", "port": 53},
  ],
  "a/b": "slash",
  "~t": "tilde",
  "0": "zero"
}
`;

/**
 * Pointers into YAML and JSON_TEXT with their lines in each (undefined: not there). A property is on its key's
 * line; `~1` is `/` and `~0` is `~`; `/0` is a key, `/flows/01` no index.
 */
const LINES: readonly [pointer: string, yaml: number | undefined, json: number | undefined][] = [
  ['', 2, 1],
  ['/flows', 2, 3],
  ['/flows/0', 3, 4],
  ['/flows/0/port', 5, 6],
  ['/flows/1', 6, 8],
  ['/flows/1/port', 6, 8],
  ['/nested/deeper', 8, undefined],
  ['/nested/deeper/value', 9, undefined],
  ['/a~1b', 10, 10],
  ['/~0t', 11, 11],
  ['/0', 12, 12],
  ['/empty', 13, undefined],
  ['/nope', undefined, undefined],
  ['/flows/2', undefined, undefined],
  ['/flows/01', undefined, undefined],
  ['/flows/x', undefined, undefined],
  ['/flows/0/port/deeper', undefined, undefined],
];

/** Each pointer of LINES with the line `doc` gives it. */
function linesOf(doc: LinedDocument): [string, number | undefined][] {
  return LINES.map(([pointer]) => [pointer, doc.line(pointer)]);
}

describe('YAML documents', () => {
  it('parse to their value, without problems', () => {
    const doc = parseYamlDocument(YAML, 'f.yaml');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toMatchObject({ flows: [{ from: 'a', to: 'b', port: 443 }, { from: 'c', to: 'd', port: 53 }], empty: null });
  });

  it('give the line of a property as the line of its key, of a list item as its own, and none for what is not there', () => {
    expect(linesOf(parseYamlDocument(YAML, 'f.yaml'))).toStrictEqual(LINES.map(([pointer, yaml]) => [pointer, yaml]));
  });

  it('put the root of an empty document on line 1', () => {
    for (const text of ['', '\n\n', '# nothing here\n']) {
      const doc = parseYamlDocument(text, 'f.yaml');
      expect(doc.value).toBeNull();
      expect(doc.line('')).toBe(1);
      expect(doc.line('/x')).toBeUndefined();
    }
  });

  it('expand aliases', () => {
    const doc = parseYamlDocument('a: &x {p: 1}\nb: *x\n', 'f.yaml');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ a: { p: 1 }, b: { p: 1 } });
  });

  it('report syntax errors and duplicate keys, one line each, with their line', () => {
    const dup = parseYamlDocument('a: 1\nb: 2\na: 3\n', 'f.yaml');
    expect(dup.value).toBeUndefined();
    expect(dup.problems).toHaveLength(1);
    expect(dup.problems[0]).toMatchObject({ file: 'f.yaml', line: 3 });
    expect(dup.problems[0]!.message).toMatch(/^invalid YAML: .*unique/i);
    const broken = parseYamlDocument('a: [1,\nb: 2\n', 'f.yaml');
    expect(broken.problems.length).toBeGreaterThan(0);
    for (const p of broken.problems) {
      expect(p.message).toMatch(/^invalid YAML: /);
      expect(p.message).not.toContain('\n');
    }
  });

  it('refuse an alias bomb', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    const doc = parseYamlDocument(bomb, 'f.yaml');
    expect(doc.problems).toHaveLength(1);
    expect(doc.problems[0]).toMatchObject({ file: 'f.yaml' });
    expect(doc.problems[0]!.message).toMatch(/^invalid YAML: /);
  });
});

describe('JSON documents', () => {
  it('parse to their value, with comments and trailing commas', () => {
    const doc = parseJsonDocument(JSON_TEXT, 'f.json');
    expect(doc.problems).toEqual([]);
    expect(doc.value).toEqual({ flows: [{ from: 'a', port: 443 }, { from: 'c', port: 53 }], 'a/b': 'slash', '~t': 'tilde', '0': 'zero' });
  });

  it('give the line of a property as the line of its key, of an array item as its own, and none for what is not there', () => {
    expect(linesOf(parseJsonDocument(JSON_TEXT, 'f.json'))).toStrictEqual(LINES.map(([pointer, , json]) => [pointer, json]));
  });

  it('report syntax errors and duplicate keys with their line', () => {
    const broken = parseJsonDocument('[\n  {"a": 1}\n  {"b": 2}\n]', 'f.json');
    expect(broken.problems[0]).toEqual({ file: 'f.json', line: 3, message: 'invalid JSON: expected ","' });
    const dup = parseJsonDocument('{"a": 1,\n "a": 2}', 'f.json');
    expect(dup.problems).toEqual([{ file: 'f.json', line: 2, message: 'invalid JSON: duplicate property "a"' }]);
    expect(parseJsonDocument('', 'f.json').problems).toEqual([{ file: 'f.json', line: 1, message: 'invalid JSON: expected a value' }]);
  });

  it('do not let __proto__ keys reach the prototype', () => {
    const doc = parseJsonDocument('{"__proto__": {"x": 1}}', 'f.json');
    expect(Object.keys(doc.value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('looksLikeJson', () => {
  it('is true for an object or an array that parses (comments and trailing commas allowed)', () => {
    expect(looksLikeJson('[{"from": "a"}]')).toBe(true);
    expect(looksLikeJson('\n {"flows": [],}')).toBe(true);
  });

  it('is false for YAML, scalars and broken JSON', () => {
    expect(looksLikeJson('- from: a\n')).toBe(false);
    expect(looksLikeJson('42')).toBe(false);
    expect(looksLikeJson('{"a": ')).toBe(false);
    expect(looksLikeJson('')).toBe(false);
  });
});

describe('problems in these documents', () => {
  it('sort by line, those without a line first, keeping the order of equal lines', () => {
    const problems = [
      { file: 'f', line: 3, message: 'c' },
      { file: 'f', line: 1, message: 'a1' },
      { file: 'f', message: 'none' },
      { file: 'f', line: 1, message: 'a2' },
    ];
    expect(sortByLine(problems).map((p) => p.message)).toEqual(['none', 'a1', 'a2', 'c']);
    expect(problems[0]!.message).toBe('c');
  });

  it('are reported once per pointer and message', () => {
    const problems = [
      { file: 'f', pointer: '/a', line: 1, message: 'bad' },
      { file: 'f', pointer: '/a', line: 1, message: 'bad' },
      { file: 'f', pointer: '/b', line: 2, message: 'bad' },
      { file: 'f', pointer: '/a', line: 1, message: 'worse' },
    ];
    expect(dedupeProblems(problems)).toEqual([problems[0], problems[2], problems[3]]);
  });

  it('say in words why a file could not be read', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(readErrorText(err('ENOENT'))).toBe('no such file');
    expect(readErrorText(err('EISDIR'))).toBe('it is a directory');
    expect(readErrorText(err('EACCES'))).toBe('permission denied');
    expect(readErrorText(err('EMFILE'))).toBe('EMFILE: raw');
    expect(readErrorText('plain')).toBe('plain');
  });
});
