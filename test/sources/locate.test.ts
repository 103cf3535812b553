import { describe, expect, it } from 'vitest';
import { createLocate, fillLines } from '../../src/sources/index.js';
import { JsonLocator, parseJson, pointerSegments } from '../../src/sources/json-locator.js';

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
