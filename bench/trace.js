// Engine time of `trace` on a synthetic 5,000-rule account, next to the cost of merely reading the files.
// Run: npm run build && node bench/trace.js
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { countRules, generateAccount, writeAccount } from './generate.js';
import { loadSnapshot } from '../dist/sources/index.js';
import { SnapshotIndex } from '../dist/model/snapshot-index.js';
import { traceFlow } from '../dist/engine/flow.js';

const dir = mkdtempSync(join(tmpdir(), 'synack-bench-'));
try {
  const account = generateAccount({ enis: 2000, groups: 300, groupRules: 9, nacls: 50, naclRules: 40, seed: 7 });
  writeAccount(dir, account);
  const rules = countRules(account);

  let t = performance.now();
  for (const f of readdirSync(dir)) JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const parseFloor = performance.now() - t;

  t = performance.now();
  const loaded = await loadSnapshot([dir]);
  const load = performance.now() - t;

  t = performance.now();
  const index = new SnapshotIndex(loaded.snapshot);
  const indexTime = performance.now() - t;

  const enis = loaded.snapshot.enis;
  const times = [];
  const verdicts = {};
  for (let i = 0; i < 500; i++) {
    const from = enis[(i * 7919) % enis.length];
    const to = enis[(i * 104729 + 13) % enis.length];
    if (from.id === to.id) continue;
    const start = performance.now();
    const r = traceFlow(index, { from: from.id, to: to.id, protocol: 'tcp', port: [443, 5432, 22][i % 3] });
    times.push(performance.now() - start);
    verdicts[r.verdict] = (verdicts[r.verdict] ?? 0) + 1;
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(3);
  console.log(`rules: ${rules.total} (${rules.nacl} NACL entries, ${rules.sg} SG permissions), ENIs: ${enis.length}`);
  console.log(`read + JSON.parse floor: ${parseFloor.toFixed(1)} ms`);
  console.log(`loadSnapshot (read, validate, normalise): ${load.toFixed(1)} ms (${(load / parseFloor).toFixed(1)}x the floor)`);
  console.log(`index build: ${indexTime.toFixed(1)} ms`);
  console.log(`traceFlow over ${times.length} random pairs: median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
  console.log(`verdicts: ${JSON.stringify(verdicts)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
