import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { createLocate, fillLines } from '../../src/sources/index.js';
import { escapePointerSegment } from '../../src/model/source.js';
import { JsonLocator, parseJson, pointerSegments, valueAt } from '../../src/sources/json-locator.js';

const text = ['{', '  "a/b": {', '    "list": [', '      { "x": 1 },', '      {', '        "y": 2', '      }', '    ],', '    "~t": true', '  }', '}'].join('\n');

describe('JSON pointers to lines', () => {
  it('finds the line of the value a pointer names, with ~0 and ~1 escapes', () => {
    const locator = new JsonLocator(text);
    expect(locator.line('')).toBe(1);
    expect(locator.line('/a~1b')).toBe(2);
    expect(locator.line('/a~1b/list/0')).toBe(4);
    expect(locator.line('/a~1b/list/1')).toBe(5);
    expect(locator.line('/a~1b/list/1/y')).toBe(6);
    expect(locator.line('/a~1b/~0t')).toBe(9);
  });

  it('falls back to the deepest existing ancestor of a missing member', () => {
    expect(new JsonLocator(text).line('/a~1b/list/1/PortRange/From')).toBe(5);
  });

  it('splits pointers into segments', () => {
    expect(pointerSegments('/a~1b/~0t/0')).toEqual(['a/b', '~t', '0']);
    expect(pointerSegments('')).toEqual([]);
  });

  it('parses JSON with a byte order mark, and locates errors', () => {
    expect(parseJson('\uFEFF{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJson('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ ok: false, line: 3, column: 3, message: 'invalid JSON at line 3, column 3: expected a comma between values' });
    expect(parseJson('')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('fillLines', () => {
  it('sets the line of every location inside a result, once per object', () => {
    const locate = createLocate(new Map([['f.json', text]]));
    const shared = { file: 'f.json', pointer: '/a~1b/list/1' };
    const result = {
      findings: [{ ruleId: 'x', location: { file: 'f.json', pointer: '/a~1b/list/0' }, related: [shared, shared] }],
      other: { file: 'unknown.json', pointer: '' },
      map: new Map<string, { file: string; pointer: string; line?: number }>([['k', { file: 'f.json', pointer: '/a~1b' }]]),
    };
    const same = fillLines(result, locate);
    expect(same).toBe(result);
    expect(result.findings[0]?.location).toEqual({ file: 'f.json', pointer: '/a~1b/list/0', line: 4 });
    expect(shared).toEqual({ file: 'f.json', pointer: '/a~1b/list/1', line: 5 });
    expect(result.other).toEqual({ file: 'unknown.json', pointer: '' });
    expect(result.map.get('k')?.line).toBe(2);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { file: 'f.json', pointer: '' };
    a.self = a;
    expect(() => fillLines(a, createLocate(new Map([['f.json', text]])))).not.toThrow();
    expect(a.line).toBe(1);
  });
});

/** The former locator, on jsonc-parser's syntax tree: the reference the scanner must agree with. */
function treeLine(text: string, pointer: string): number | undefined {
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  if (!root) return undefined;
  const segments = pointerSegments(pointer);
  for (let n = segments.length; n >= 0; n--) {
    let node: Node | undefined = root;
    for (const s of segments.slice(0, n)) node = node && findNodeAtLocation(node, [node.type === 'array' && /^\d+$/.test(s) ? Number(s) : s]);
    if (node) return text.slice(0, node.offset).split('\n').length;
  }
  return undefined;
}

describe('the pointer scanner', () => {
  const key = fc.oneof(fc.constantFrom('a', 'b', '0', 'x/y', 'q"uote', 'back\\slash', 'é', '~'), fc.string({ maxLength: 3 }));
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 4 }), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  })).value;
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

  it('finds the same line as a syntax-tree lookup, for every pointer of random documents and misses', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 4 }), fc.array(fc.array(key, { maxLength: 4 }), { maxLength: 6 }), (value, indent, extra) => {
        const text = JSON.stringify(value, null, indent);
        const pointers = pointersOf(value);
        for (const segments of extra) pointers.push(segments.map((s) => `/${escape(s)}`).join(''));
        const batch = createLocate(new Map([['f.json', text]]));
        batch.prepare?.(pointers.map((pointer) => ({ file: 'f.json', pointer })));
        for (const pointer of pointers) {
          const expected = treeLine(text, pointer);
          expect(batch({ file: 'f.json', pointer })).toBe(expected);
          expect(new JsonLocator(text).line(pointer)).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds the same line as a syntax-tree lookup in JSON spaced any way (CRLF, tabs, blank lines)', () => {
    const space = fc.array(fc.constantFrom('', ' ', '\n', '\r\n', '\t', '\n\n  ', ' \r\n\t'), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(json, space, (value, gaps) => {
        let n = 0;
        const gap = () => gaps[n++ % gaps.length]!;
        const write = (v: unknown): string => {
          if (Array.isArray(v)) return `[${gap()}${v.map((x) => write(x)).join(`${gap()},${gap()}`)}${gap()}]`;
          if (v !== null && typeof v === 'object') return `{${gap()}${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${gap()}:${gap()}${write(x)}`).join(`${gap()},${gap()}`)}${gap()}}`;
          return JSON.stringify(v);
        };
        const text = `${gap()}${write(value)}${gap()}`;
        const pointers = pointersOf(value);
        const lines = new JsonLocator(text).lines(pointers);
        pointers.forEach((pointer, i) => expect(lines[i], pointer).toBe(treeLine(text, pointer)));
      }),
      { numRuns: 300 },
    );
  });

  it('answers a batch in order, repeats and all, and each location object by itself', () => {
    const locator = new JsonLocator(text);
    expect(locator.lines(['/a~1b/list/1', '', '/a~1b/list/1', '/nope', '/a~1b/~0t'])).toEqual([5, 1, 5, 1, 9]);
    const locate = createLocate(new Map([['f.json', text]]));
    const a = { file: 'f.json', pointer: '/a~1b/list/0' };
    const b = { file: 'f.json', pointer: '/a~1b/list/0' };
    const other = { file: 'other.json', pointer: '' };
    locate.prepare?.([a, other]);
    expect([locate(a), locate(b), locate(other), locate({ file: 'f.json', pointer: '/a~1b' })]).toEqual([4, 4, undefined, 2]);
    locate.prepare?.([b]);
    expect([locate(a), locate(b)]).toEqual([4, 4]);
  });

  it('counts every line feed before a value (even one inside a string, which JSON forbids), and reads escaped keys', () => {
    expect(new JsonLocator('{"a": "x\ny\nz", "b": 1}').line('/b')).toBe(3);
    expect(new JsonLocator('{"a\\"\\n": "\\\\",\n"b": [0,\n1]}').lines(['/a"\n', '/b/1'])).toEqual([1, 3]);
  });

  it('answers the first of duplicate keys, and stops quietly in text that is not JSON', () => {
    const dup = '{\n"a": 1,\n"a": 2\n}';
    expect(new JsonLocator(dup).line('/a')).toBe(2);
    expect(new JsonLocator('{\n"a": [1,\n  2,\n').line('/a/1')).toBe(3);
    expect(new JsonLocator('{\n"a": [1,\n  2,\n').line('/b')).toBe(1);
  });
});

describe('valueAt', () => {
  it('follows own properties and array indexes, and is undefined where the path leaves the data', () => {
    const data = { a: [{ b: 1 }], 'x/y': null };
    expect(valueAt(data, ['a', '0', 'b'])).toBe(1);
    expect(valueAt(data, ['x/y'])).toBeNull();
    expect(valueAt(data, ['a', '1'])).toBeUndefined();
    expect(valueAt(data, ['x/y', 'z'])).toBeUndefined();
    expect(valueAt(data, ['constructor'])).toBeUndefined();
  });

  it('reads the segments a pointer escapes (escapePointerSegment is pointerSegments undone)', () => {
    const key = 'a/b~c';
    expect(pointerSegments(`/${escapePointerSegment(key)}/0`)).toEqual([key, '0']);
    expect(escapePointerSegment('plain')).toBe('plain');
  });
});

/** The pointer of every value in a JSON value, the root's ('') first. */
function pointersOf(value: unknown): string[] {
  const pointers: string[] = [''];
  const collect = (v: unknown, at: string): void => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      pointers.push(`${at}/${escapePointerSegment(k)}`);
      collect(child, `${at}/${escapePointerSegment(k)}`);
    }
  };
  collect(value, '');
  return pointers;
}
