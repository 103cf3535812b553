import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { sarifValidator } from '../fixtures/lint/sarif-schema.js';
import { ROOT } from './helpers.js';

/**
 * action.yml, the composite GitHub Action: its inputs, and its "Run synack" step run for real with bash
 * against the built CLI, with the files GitHub gives a step (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY).
 */
interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { default?: string }>; runs: { using: string; steps: Step[] } };
const runStep = action.runs.steps.find((s) => s.id === 'synack')!;

const TMP = mkdtempSync(path.join(tmpdir(), 'synack-action-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
let n = 0;

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  sarif?: string;
}

function runAction(inputs: Record<string, string>): Promise<StepRun> {
  const build = inject('cliBuild');
  expect(build.ok, build.message).toBe(true);
  const dir = path.join(TMP, `run${++n}`);
  const output = `${dir}-output`;
  const summary = `${dir}-summary`;
  writeFileSync(output, '');
  writeFileSync(summary, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: ROOT, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, SYNACK: path.join(ROOT, 'bin/run.js') };
  for (const [key, value] of Object.entries(runStep.env!)) {
    const m = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(value);
    if (m) env[key] = inputs[m[1]!] ?? action.inputs[m[1]!]?.default ?? '';
  }
  const sarifFile = env.INPUT_SARIF_FILE ? path.join(TMP, `${n}.sarif`) : '';
  env.INPUT_SARIF_FILE = sarifFile;
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-c', runStep.run!], { cwd: ROOT, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const outputs = Object.fromEntries(readFileSync(output, 'utf8').trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      let sarif: string | undefined;
      try {
        sarif = sarifFile ? readFileSync(sarifFile, 'utf8') : undefined;
      } catch {
        sarif = undefined;
      }
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr, outputs, summary: readFileSync(summary, 'utf8'), ...(sarif !== undefined ? { sarif } : {}) });
    });
  });
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs, uploading SARIF with github/codeql-action/upload-sarif', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['sources', 'before', 'after', 'flows', 'fail-on', 'sarif-file']));
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with).toMatchObject({ sarif_file: '${{ steps.synack.outputs.sarif-file }}' });
    expect(upload?.if).toContain('always()');
  });

  it('never pastes an input into a script (script injection): inputs reach scripts through env', () => {
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('diff mode: exit code 1 as an output, valid SARIF, the Markdown report as the job summary, annotations in the log', async () => {
    const r = await runAction({ before: 'test/fixtures/diff/aws/before', after: 'test/fixtures/diff/aws/after', flows: 'test/fixtures/diff/flows.yaml' });
    expect(r.code).toBe(0);
    expect(r.outputs['exit-code']).toBe('1');
    expect(r.outputs['sarif-file']).not.toBe('');
    const validate = sarifValidator();
    expect(validate(JSON.parse(r.sarif!)), JSON.stringify(validate.errors)).toBe(true);
    expect(r.summary.split('\n')[0]).toMatch(/^### ❌ synack diff: breaks \d+ flows that worked/);
    expect(r.stderr).toMatch(/^::error file=test\/fixtures\/diff\/aws\/after\/network-acls\.json,line=72,/m);
  });

  it('lint mode, with flows checked too; a clean change exits 0', async () => {
    const lint = await runAction({ sources: 'test/fixtures/diff/aws/before', flows: 'test/fixtures/diff/flows.yaml' });
    expect(lint.outputs['exit-code']).toBe('0');
    expect(lint.summary.split('\n')[0]).toMatch(/^### .* synack lint/);
    const clean = await runAction({ before: 'test/fixtures/diff/aws/before', after: 'test/fixtures/diff/aws/before' });
    expect(clean.outputs['exit-code']).toBe('0');
  });

  it('usage errors: before without after is exit code 2 and no SARIF to upload', async () => {
    const r = await runAction({ before: 'test/fixtures/diff/aws/before' });
    expect(r.outputs['exit-code']).toBe('2');
    expect(r.outputs['sarif-file'] ?? '').toBe('');
    expect(r.stdout).toContain("::error title=synack::set both 'before' and 'after'");
    const missing = await runAction({ before: 'test/fixtures/diff/aws/before', after: 'test/fixtures/diff/nope' });
    expect(missing.outputs['exit-code']).toBe('2');
    expect(missing.outputs['sarif-file']).toBe('');
  });
});
