// synack benchmarks (not in CI): `npm run bench` builds, then runs this.
// Usage: node bench/run.js [--sizes small,medium,rules50k,large] [--repeat N] [--no-readme]
//
// For each account size (bench/generate.js, seeded, AWS CLI JSON), as separate processes of the built CLI:
// - floor:  read + JSON.parse of the same files (bench/parse-floor.js) — what any tool pays;
// - lint:   `synack lint DIR` — wall time and peak memory, and its ratio to the floor; and the same with every
//           rule turned off in a configuration file: what lint pays before and around its rules (start-up,
//           reading, validating and normalising the inputs);
// - matrix: `synack matrix DIR --ports 22,443,5432` (text grid by subnet) and the same as csv to a file;
// and once: `synack trace` of a small input against `node -e 0` (start-up). Medians of --repeat runs.
// The table goes to stdout and into bench/README.md between the bench:table markers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { countRules, generateAccount, SIZES, writeAccount } from './generate.js';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('sizes', 'small,medium,rules50k,large').split(',');
const repeat = Number(option('repeat', '3'));
const writeReadme = !args.includes('--no-readme');
const TARGETS = { lint: 3, matrixSeconds: 10, startup: 4 };

if (!existsSync(join(ROOT, 'dist/commands/index.js'))) {
  console.error('dist/ is missing: run `npm run bench` (it builds first)');
  process.exit(2);
}
const haveLint = existsSync(join(ROOT, 'dist/commands/lint.js'));

/** Runs `node [...nodeArgs]` `times` times; median wall time (ms), and the peak memory and CPU of the median run. */
function measure(nodeArgs, { times = repeat, preload = true, expect = [0] } = {}) {
  const runs = [];
  const stats = join(tmp, 'stats.json');
  for (let i = 0; i < times; i++) {
    rmSync(stats, { force: true });
    const start = performance.now();
    const r = spawnSync(process.execPath, [...(preload ? ['--import', join(ROOT, 'bench/peak.js')] : []), ...nodeArgs], {
      cwd: ROOT,
      env: { ...process.env, SYNACK_BENCH_STATS: stats, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 26,
    });
    const ms = performance.now() - start;
    if (!expect.includes(r.status)) throw new Error(`node ${nodeArgs.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 2000)}`);
    const s = preload && existsSync(stats) ? JSON.parse(readFileSync(stats, 'utf8')) : {};
    runs.push({ ms, rssMiB: s.maxRssKiB ? s.maxRssKiB / 1024 : undefined, cpuMs: s.cpuMs });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)];
}

const tmp = mkdtempSync(join(tmpdir(), 'synack-bench-'));
const rows = [];
try {
  for (const size of sizes) {
    const shape = SIZES[size];
    if (!shape) throw new Error(`unknown size ${size}: expected ${Object.keys(SIZES).join(', ')}`);
    const dir = join(tmp, size);
    const account = generateAccount({ ...shape, seed: 6 });
    writeAccount(dir, account);
    const rules = countRules(account);
    const enis = account.NetworkInterfaces.length;
    console.error(`${size}: ${enis} ENIs, ${shape.groups} groups, ${rules.sg} SG rules, ${shape.nacls} NACLs (${rules.nacl} entries)`);

    const floor = measure([join(ROOT, 'bench/parse-floor.js'), dir]);
    const lint = haveLint ? measure(['bin/run.js', 'lint', dir], { expect: [0, 1] }) : measure([join(ROOT, 'bench/lint-library.js'), dir]);
    const lintNoRules = haveLint ? measure(['bin/run.js', 'lint', dir, '--config', await rulesOffConfig()]) : undefined;
    const matrix = measure(['bin/run.js', 'matrix', dir, '--ports', '22,443,5432']);
    const csv = join(tmp, 'matrix.csv');
    const matrixCsv = measure(['bin/run.js', 'matrix', dir, '--ports', '22,443,5432', '--format', 'csv', '-o', csv]);
    const csvMiB = readFileSync(csv).length / 2 ** 20;
    rmSync(csv, { force: true });
    rows.push({ size, enis, groups: shape.groups, sgRules: rules.sg, nacls: shape.nacls, floor, lint, lintNoRules, matrix, matrixCsv, csvMiB });
  }
  const fixture = join(ROOT, 'test/fixtures/commands/net');
  const node = measure(['-e', '0'], { times: Math.max(repeat, 9), preload: false });
  const trace = measure(['bin/run.js', 'trace', fixture, '--from', '10.0.1.10', '--to', '10.0.2.20', '--port', '5432'], { times: Math.max(repeat, 9), preload: false, expect: [0, 1] });
  const table = render(rows, node, trace);
  console.log(table);
  if (writeReadme) {
    const readme = join(ROOT, 'bench/README.md');
    const text = readFileSync(readme, 'utf8');
    const next = text.replace(/<!-- bench:table -->[\s\S]*<!-- \/bench:table -->/, `<!-- bench:table -->\n${table}\n<!-- /bench:table -->`);
    writeFileSync(readme, next);
    console.error('bench/README.md updated');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** A configuration that turns every lint rule off (written once into the temporary folder). */
async function rulesOffConfig() {
  const file = join(tmp, 'rules-off.yml');
  if (!existsSync(file)) {
    const { RULES } = await import(join(ROOT, 'dist/lint/registry.js'));
    writeFileSync(file, `rules:\n${RULES.map((r) => `  ${r.meta.id}: off\n`).join('')}`);
  }
  return file;
}

function render(rows, node, trace) {
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const mib = (r) => (r.rssMiB === undefined ? '?' : `${Math.round(r.rssMiB)} MiB`);
  const ratio = (a, b) => `${(a / b).toFixed(1)}×`;
  const mark = (ok) => (ok ? '✓' : '✗ missed');
  const lines = [];
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  lines.push(`Measured ${when} UTC on ${cpus().length} cores (${cpus()[0]?.model?.trim() ?? 'unknown CPU'}), Node ${process.version}, load average ${loadavg()[0].toFixed(1)} at the end; median of ${repeat} runs.`);
  lines.push(haveLint ? '' : '\n`lint` measured in-process (loadSnapshot + lintSnapshot from dist/): the `lint` command did not exist yet.\n');
  lines.push('| size | ENIs | groups / SG rules | NACLs | parse floor | lint | lint ÷ floor | lint, every rule off ÷ floor | matrix (3 services, text) | matrix ÷ floor | matrix csv |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    lines.push(
      `| ${r.size} | ${r.enis} | ${r.groups} / ${r.sgRules} | ${r.nacls} | ${s(r.floor.ms)}, ${mib(r.floor)} | ${s(r.lint.ms)}, ${mib(r.lint)} | ${ratio(r.lint.ms, r.floor.ms)} ${mark(r.lint.ms <= TARGETS.lint * r.floor.ms)} | ${r.lintNoRules ? `${ratio(r.lintNoRules.ms, r.floor.ms)} (${s(r.lintNoRules.ms)})` : '–'} | ${s(r.matrix.ms)}, ${mib(r.matrix)} ${r.size === 'large' ? mark(r.matrix.ms < TARGETS.matrixSeconds * 1000) : ''} | ${ratio(r.matrix.ms, r.floor.ms)} | ${s(r.matrixCsv.ms)} (${Math.round(r.csvMiB)} MiB) |`,
    );
  }
  lines.push('');
  lines.push('| start-up | wall (median) | ratio |');
  lines.push('| --- | ---: | ---: |');
  lines.push(`| \`node -e 0\` | ${Math.round(node.ms)} ms | 1× |`);
  lines.push(`| \`synack trace\` (small input) | ${Math.round(trace.ms)} ms | ${ratio(trace.ms, node.ms)} ${mark(trace.ms <= TARGETS.startup * node.ms)} |`);
  lines.push('');
  lines.push(`CPU time (user + system) of the median runs: ${rows.map((r) => `${r.size}: floor ${s(r.floor.cpuMs ?? 0)}, lint ${s(r.lint.cpuMs ?? 0)}, matrix ${s(r.matrix.cpuMs ?? 0)}`).join('; ')}.`);
  return lines.filter((l, i) => l !== '' || i > 0).join('\n');
}
