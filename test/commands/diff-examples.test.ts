import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleCommand } from '../../scripts/example-command.js';
import { diffOutputValidator } from '../fixtures/diff/schema.js';
import { ROOT, runCli } from './helpers.js';

/**
 * examples/ci: a Terraform plan pair and a CloudFormation pair whose change breaks return traffic. Each
 * runs as its README says and prints exactly its expected-output.txt (regenerate after a deliberate change:
 * `npx vitest run test/commands/diff-examples.test.ts -u`).
 */
const CASES = [
  { name: 'terraform', before: 'reachable', after: 'partial', change: { number: 110, ports: '1024-65535', now: '32768-65535' } },
  { name: 'cloudformation', before: 'reachable', after: 'unreachable', change: { number: 110, ports: '1024-65535', now: undefined } },
] as const;

interface DiffJson {
  verdict: string;
  flows: { kind: string; from: string; port: number; before?: { verdict: string }; after?: { verdict: string }; cause?: { before: { rule: { number?: number; ports: string }; now?: { ports: string } }[] } }[];
}

describe('examples/ci', () => {
  for (const c of CASES) {
    describe(c.name, () => {
      const readme = readFileSync(join(ROOT, 'examples/ci', c.name, 'README.md'), 'utf8');
      const command = exampleCommand(readme);

      it('gives the output its README promises (expected-output.txt), and fails the change', async () => {
        expect(command, 'README has a ./bin/run.js command').toBeDefined();
        const run = await runCli(command!, { NO_COLOR: '1', GITHUB_ACTIONS: '' });
        expect(run.stderr).toBe('');
        await expect(run.stdout).toMatchFileSnapshot(`../../examples/ci/${c.name}/expected-output.txt`);
        expect(run.code).toBe(1);
      });

      it(`breaks the internet → web flow on 443 (${c.before} → ${c.after}) because of the return rule`, async () => {
        const run = await runCli([...command!, '--format', 'json'], { GITHUB_ACTIONS: '' });
        const doc = JSON.parse(run.stdout) as DiffJson;
        const validate = diffOutputValidator();
        expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
        const broken = doc.flows.filter((f) => f.kind === 'broken');
        expect(broken.map((f) => [f.from, f.port, f.before?.verdict, f.after?.verdict])).toEqual([['203.0.113.10', 443, c.before, c.after]]);
        const was = broken[0]!.cause!.before[0]!;
        expect([was.rule.number, was.rule.ports, was.now?.ports]).toEqual([c.change.number, c.change.ports, c.change.now]);
      });
    });
  }
});
