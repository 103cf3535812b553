import { describe, expect, it } from 'vitest';
import { Problems } from '../../src/sources/document-import.js';
import { labelled } from '../../src/sources/labelled-problems.js';

describe('labelled', () => {
  it("returns the checks' result and adds their problems after the earlier ones, each message prefixed", () => {
    const problems = new Problems();
    problems.add({ file: 'f', pointer: '/a' }, 'earlier');
    const result = labelled('aws_security_group.web ingress[0]', problems, (p) => {
      p.add({ file: 'f', pointer: '/b' }, 'from_port 70000 is outside 0-65535');
      p.add({ file: 'f', pointer: '/c' }, 'to_port 1 is too small');
      return 42;
    });
    expect(result).toBe(42);
    expect(problems.list).toEqual([
      { file: 'f', pointer: '/a', message: 'earlier' },
      { file: 'f', pointer: '/b', message: 'aws_security_group.web ingress[0]: from_port 70000 is outside 0-65535' },
      { file: 'f', pointer: '/c', message: 'aws_security_group.web ingress[0]: to_port 1 is too small' },
    ]);
  });

  it('adds nothing when the checks find nothing', () => {
    const problems = new Problems();
    expect(labelled('Sg', problems, () => undefined)).toBeUndefined();
    expect(problems.list).toEqual([]);
  });
});
