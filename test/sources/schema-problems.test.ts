import type { ErrorObject } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaProblem, type SchemaWording } from '../../src/sources/schema-problems.js';

/** Names a place by its last segment, as the API formats do for named fields. */
const wording: SchemaWording = { place: (s) => s[s.length - 1] ?? 'the document', lacks: 'without' };

const error = (keyword: string, instancePath: string, params: Record<string, unknown>, message?: string): ErrorObject =>
  ({ keyword, instancePath, schemaPath: '#', params, ...(message === undefined ? {} : { message }) }) as ErrorObject;

const body = { Entries: [{ RuleNumber: '100', Egress: 'yes', Protocol: 'x', Extra: 1 }] };

describe('schemaProblem', () => {
  it('says what a value of the wrong type is and which types were expected, leaving out null', () => {
    expect(schemaProblem(error('type', '/Entries/0/RuleNumber', { type: 'integer,null' }), body, 'f.json', wording)).toEqual({
      file: 'f.json',
      pointer: '/Entries/0/RuleNumber',
      message: 'RuleNumber is the string "100"; expected an integer',
    });
    expect(schemaProblem(error('type', '/Entries/0/Egress', { type: ['boolean', 'object', 'array', 'string'] }), body, 'f.json', wording).message).toBe(
      'Egress is the string "yes"; expected a boolean or an object or an array or a string',
    );
  });

  it('joins the place to a missing property with the wording of the format', () => {
    const missing = error('required', '/Entries/0', { missingProperty: 'RuleAction' });
    expect(schemaProblem(missing, body, 'f.json', wording).message).toBe('0 without "RuleAction"; expected it to be present');
    expect(schemaProblem(missing, body, 'f.json', { place: () => 'resource Acl', lacks: 'has no' }).message).toBe('resource Acl has no "RuleAction"; expected it to be present');
  });

  it('lists the allowed values of an enum without null, and the one value of a const', () => {
    expect(schemaProblem(error('enum', '/Entries/0/Protocol', { allowedValues: ['tcp', null, 6] }), body, 'f.json', wording).message).toBe(
      'Protocol is the string "x"; expected one of "tcp", 6',
    );
    expect(schemaProblem(error('const', '/Entries/0/Protocol', { allowedValue: 'tcp' }), body, 'f.json', wording).message).toBe('Protocol is the string "x"; expected "tcp"');
  });

  it('points at an unexpected property itself, escaped, under the base of the validated part', () => {
    const p = schemaProblem(error('additionalProperties', '/Entries/0', { additionalProperty: 'a/b~c' }), body, 'f.json', wording, '/data');
    expect(p).toEqual({ file: 'f.json', pointer: '/data/Entries/0/a~1b~0c', message: 'unexpected property "a/b~c" in 0; expected only the properties the schema lists' });
  });

  it("falls back to ajv's own words for other keywords", () => {
    expect(schemaProblem(error('minimum', '/Entries/0/RuleNumber', {}, 'must be >= 1'), body, 'f.json', wording, '/data')).toEqual({
      file: 'f.json',
      pointer: '/data/Entries/0/RuleNumber',
      message: 'RuleNumber must be >= 1',
    });
    expect(schemaProblem(error('pattern', '', {}), body, 'f.json', wording).message).toBe('the document is invalid');
  });
});
