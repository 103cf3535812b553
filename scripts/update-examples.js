// Regenerates examples/*/expected-output.txt from the first `./bin/run.js` command in each example's
// README (the one the README tells a reader to run). Run after `npm run build`: npm run examples:update
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exampleCommand } from './example-command.js';

const root = new URL('..', import.meta.url).pathname;
for (const name of readdirSync(join(root, 'examples'))) {
  const dir = join(root, 'examples', name);
  const command = exampleCommand(readFileSync(join(dir, 'README.md'), 'utf8'));
  if (!command) continue;
  let output;
  try {
    output = execFileSync(process.execPath, [join(root, 'bin/run.js'), ...command], { cwd: root, env: { ...process.env, NO_COLOR: '1' } }).toString();
  } catch (error) {
    output = error.stdout.toString();
  }
  writeFileSync(join(dir, 'expected-output.txt'), output);
  console.log(`examples/${name}/expected-output.txt`);
}

