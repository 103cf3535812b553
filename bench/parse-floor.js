// The floor any tool pays: read every JSON file of a folder and JSON.parse it. Usage: node bench/parse-floor.js DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let keys = 0;
for (const f of readdirSync(process.argv[2]).filter((n) => n.endsWith('.json'))) {
  keys += Object.keys(JSON.parse(readFileSync(join(process.argv[2], f), 'utf8'))).length;
}
if (keys === 0) process.exitCode = 1;
