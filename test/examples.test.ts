import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleCommand } from '../scripts/example-command.js';
import { ROOT, runCli } from './commands/helpers.js';

/** Every example runs as its README says, gives the output it carries, and meets its flow expectations. */
const examples = readdirSync(join(ROOT, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'ci').map((d) => d.name); // examples/ci has its own test (diff-examples)

describe('examples', () => {
  it('include the three scenarios the project promises', () => {
    expect(examples).toEqual(expect.arrayContaining(['three-tier', 'broken-return', 'partial-return']));
  });

  for (const name of examples) {
    describe(name, () => {
      const dir = join(ROOT, 'examples', name);
      const readme = readFileSync(join(dir, 'README.md'), 'utf8');

      it('gives the output its README promises (expected-output.txt)', async () => {
        const command = exampleCommand(readme);
        expect(command, 'README has a ./bin/run.js command').toBeDefined();
        const run = await runCli(command!, { NO_COLOR: '1' });
        expect(run.stderr).toBe('');
        expect(run.stdout).toBe(readFileSync(join(dir, 'expected-output.txt'), 'utf8'));
        const verdict = /^verdict {2}(\w+)/m.exec(run.stdout)?.[1];
        expect(readme).toContain(`\`${verdict}\``);
        expect(run.code).toBe(verdict === 'REACHABLE' ? 0 : 1);
      });

      it('meets every expectation of its flows file', async () => {
        const run = await runCli(['check', `examples/${name}`, '--flows', `examples/${name}/flows.yaml`, '--format', 'json']);
        expect(run.stderr).toBe('');
        const out = JSON.parse(run.stdout) as { flows: { name: string; pass: boolean; verdict: string }[] };
        expect(out.flows.length).toBeGreaterThan(0);
        for (const f of out.flows) expect(f.pass, `${f.name}: ${f.verdict}`).toBe(true);
        expect(run.code).toBe(0);
      });
    });
  }
});
