import { describe, expect, it } from 'vitest';
import { defaultDeps } from '../../src/cli/default-deps.js';
import { memoryIo } from '../../src/cli/io.js';
import { runLint } from '../../src/cli/lint.js';
import { runMatrix } from '../../src/cli/matrix.js';
import { NO_PROGRESS, progressFor, statusLine, type Progress } from '../../src/cli/progress.js';
import { ROOT } from '../commands/helpers.js';

const CLEAR = '\r\u001b[2K';

function clock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('statusLine', () => {
  it('says nothing while the run is short: a quick command leaves no trace', () => {
    const written: string[] = [];
    const time = clock();
    const line = statusLine((t) => written.push(t), { now: time.now, delayMs: 500 });
    time.advance(499);
    line.step('rule 1 of 18, nacl-return-missing');
    line.done();
    expect(written).toEqual([]);
  });

  it('once the run is long, each step overwrites the line, and done clears it for what is printed next', () => {
    const written: string[] = [];
    const time = clock();
    const line = statusLine((t) => written.push(t), { now: time.now, delayMs: 500 });
    time.advance(600);
    line.step('rule 1 of 2, a');
    time.advance(1);
    line.step('rule 2 of 2, b');
    line.done();
    line.done();
    expect(written).toEqual([`${CLEAR}synack: rule 1 of 2, a…`, `${CLEAR}synack: rule 2 of 2, b…`, CLEAR]);
    expect(written.join('')).not.toContain('\n');
  });
});

describe('progressFor', () => {
  const tty = { env: {}, stderrIsTTY: true, stderr: () => undefined };
  it('is a status line only for a terminal on stderr, not with --quiet, TERM=dumb or a report streaming to the same screen', () => {
    expect(progressFor(tty)).not.toBe(NO_PROGRESS);
    expect(progressFor({ ...tty, stderrIsTTY: false })).toBe(NO_PROGRESS);
    expect(progressFor({ ...tty, stderrIsTTY: undefined })).toBe(NO_PROGRESS);
    expect(progressFor(tty, { quiet: true })).toBe(NO_PROGRESS);
    expect(progressFor({ ...tty, env: { TERM: 'dumb' } })).toBe(NO_PROGRESS);
    expect(progressFor(tty, { sharesScreen: true })).toBe(NO_PROGRESS);
  });
});

/** A Progress that records its calls, and where stdout stood at each. */
function recorder(out: readonly string[]): Progress & { readonly calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    step: (text) => void calls.push(`step ${text} (stdout ${out.length})`),
    done: () => void calls.push(`done (stdout ${out.length})`),
  };
}

describe('progress of the commands', () => {
  it('lint: one step per rule, then the line numbers; cleared before the report is written', async () => {
    const io = memoryIo({ stderrIsTTY: true });
    const progress = recorder(io.out);
    await runLint({ sources: [`${ROOT}examples/three-tier`], format: 'text', failOn: 'none', cwd: ROOT, toolVersion: '0', progress }, io, defaultDeps);
    expect(progress.calls[0]).toBe('step rule 1 of 18, default-sg-has-rules (stdout 0)');
    expect(progress.calls.filter((c) => c.startsWith('step rule'))).toHaveLength(18);
    expect(progress.calls.slice(-2)).toEqual(['step finding the lines of 0 findings (stdout 0)', 'done (stdout 0)']);
    expect(io.out.join('')).toContain('no findings');
  });

  it('lint: cleared before an input error is reported', async () => {
    const io = memoryIo({ stderrIsTTY: true });
    const progress = recorder(io.out);
    await runLint({ sources: [`${ROOT}does-not-exist`], format: 'text', failOn: 'none', cwd: ROOT, toolVersion: '0', progress }, io, defaultDeps);
    expect(progress.calls).toEqual(['done (stdout 0)']);
    expect(io.err.join('')).toContain('does-not-exist');
  });

  it('matrix: the rows as they are computed, cleared before the grid is written', async () => {
    const io = memoryIo({ stderrIsTTY: true });
    const progress = recorder(io.out);
    await runMatrix({ sources: [`${ROOT}examples/three-tier`], ports: '443', by: 'subnet', protocol: 'tcp', format: 'text', progress }, io, defaultDeps);
    const steps = progress.calls.filter((c) => c.startsWith('step'));
    expect(steps[0]).toMatch(/^step sorting \d+ interfaces into classes \(stdout 0\)$/);
    expect(steps[1]).toMatch(/^step row 1 of \d+ \(stdout 0\)$/);
    expect(progress.calls[progress.calls.indexOf(steps.at(-1)!) + 1]).toBe('done (stdout 0)');
    expect(io.out.join('')).not.toBe('');
  });
});
