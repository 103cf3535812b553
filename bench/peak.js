// Preloaded into a measured process (node --import ./bench/peak.js …): on exit, writes its peak resident
// memory and CPU time to the file named by SYNACK_BENCH_STATS, for bench/run.js.
import { writeFileSync } from 'node:fs';

const out = process.env.SYNACK_BENCH_STATS;
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ maxRssKiB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
  });
}
