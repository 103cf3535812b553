import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript build script without type declarations
import { compiledValidatorsSource, INPUT_SCHEMAS } from '../../scripts/compile-schemas.js';
import { schemaValidator, type InputSchemaName } from '../../src/sources/compiled-schemas.js';

const GENERATED = new URL('../../src/generated/schema-validators.ts', import.meta.url);

describe('validators compiled ahead of time from schemas/', () => {
  it('are up to date with the schemas (run `node scripts/compile-schemas.js` after editing one)', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(compiledValidatorsSource());
  });

  it('cover every input schema, and no output schema', () => {
    const inputs = Object.values(INPUT_SCHEMAS as Record<string, string>).sort();
    const all = readdirSync(new URL('../../schemas/', import.meta.url)).map((f) => f.replace('.schema.json', ''));
    expect(all.filter((n) => !n.endsWith('-output')).sort()).toEqual(inputs);
  });

  it('report every violation with its keyword and instance path', () => {
    const validate = schemaValidator('aws-cli' as InputSchemaName);
    expect(validate({ NetworkAcls: [{ NetworkAclId: 7, Entries: 'x' }] })).toBe(false);
    const errors = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(errors).toEqual(expect.arrayContaining(['/NetworkAcls/0/NetworkAclId type']));
    expect(validate({ NetworkAcls: [] })).toBe(true);
  });

  it('load without the ajv compiler', () => {
    const source = readFileSync(GENERATED, 'utf8');
    const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.every((spec) => spec!.startsWith('ajv/dist/runtime/'))).toBe(true);
  });
});
