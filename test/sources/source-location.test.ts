import { describe, expect, it } from 'vitest';
import { childAt, childLocation, itemAt, type SourceLocation } from '../../src/model/source.js';

describe('the one-step location builders', () => {
  const parents: SourceLocation[] = [
    { file: 'a.json', pointer: '' },
    { file: 'a.json', pointer: '/SecurityGroups/3' },
    { file: 't.json', pointer: '/Resources/Sg', address: 'Sg' },
  ];
  const keys = ['IpRanges', 'a/b', 'x~y', '~/', '', '0'];
  const indexes = [0, 1, 10, 4095, 4096, 123456];

  it('make the same locations as childLocation, shared segments or not', () => {
    for (const parent of parents) {
      for (const key of keys) {
        expect(childAt(parent, key)).toEqual(childLocation(parent, key));
        for (const index of indexes) expect(itemAt(parent, key, index)).toEqual(childLocation(parent, key, index));
      }
      for (const index of indexes) expect(childAt(parent, index)).toEqual(childLocation(parent, index));
    }
  });

  it('make a new location object each time (lines are filled in on them)', () => {
    const parent = parents[1] as SourceLocation;
    expect(itemAt(parent, 'IpRanges', 0)).not.toBe(itemAt(parent, 'IpRanges', 0));
    expect(childAt(parent, 2)).not.toBe(childAt(parent, 2));
  });
});
