import path from 'node:path';
import { diffSnapshots, type DiffResult } from '../analysis/diff.js';
import { RULES } from '../lint/registry.js';
import type { Ignore } from '../lint/run.js';
import type { Severity } from '../lint/types.js';
import { InputError } from '../model/errors.js';
import { renderDiffJson } from '../report/diff-json.js';
import { renderDiffMarkdown } from '../report/diff-markdown.js';
import { renderDiffSarif } from '../report/diff-sarif.js';
import { renderDiffText } from '../report/diff-text.js';
import { diffAnnotations } from '../report/github-annotations.js';
import { diffJUnit } from '../report/junit.js';
import { DEFAULT_CONFIG_FILE, findDefaultConfig, readConfigFile, type LintConfig } from '../sources/config.js';
import { readFlowsFile, type FlowsFile } from '../sources/flows-file.js';
import type { LoadedSnapshot } from '../sources/index.js';
import { annotationsWanted, emitAnnotations, repositoryPath } from './annotations.js';
import { useColor } from './color.js';
import { loadOptionsOf, warnIfParametersUnused, type Deps, type SourceReadOptions } from './deps.js';
import { reportError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { clientPortsFlag, ruleOverrides, settingsOf } from './lint.js';
import { artifactIn } from './sarif-artifacts.js';

export type DiffFormat = 'text' | 'json' | 'markdown' | 'sarif' | 'junit';

/** `sourceType` and `parameters` apply to both sides. */
export interface DiffCommandOptions extends SourceReadOptions {
  /** Sources of the network before the change (files or folders). */
  readonly before: readonly string[];
  /** Sources of the network after the change. */
  readonly after: readonly string[];
  /** A flows file (as for `check`) whose flows are compared besides the derived ones. */
  readonly flows?: string;
  readonly failOn: Severity | 'none';
  readonly format: DiffFormat;
  /** `--config FILE`; without it `.synack.yml` in `cwd` is read when present. Applies to both sides. */
  readonly config?: string;
  /** `--client-ports R`: one client range for every client (findings and derived flows). */
  readonly clientPorts?: string;
  /** Cap on derived flows (default: the analysis's). */
  readonly derivedLimit?: number;
  readonly color?: boolean;
  /** Workflow annotations when GITHUB_ACTIONS=true (`--no-annotations` turns them off). */
  readonly annotations: boolean;
  readonly cwd: string;
  readonly toolVersion: string;
}

/**
 * `synack diff`: read the configuration, the flows file and both sides' sources (every problem reported at
 * once) → lint and trace both sides → fill in line numbers → print in the chosen format, and annotate the
 * workflow run on GitHub Actions. Exit 1 when the change breaks a flow that worked or introduces an
 * unsuppressed finding at or above `--fail-on`; 2 on usage or input errors; else 0. Never throws.
 */
export async function runDiff(opts: DiffCommandOptions, io: CliIo, deps: Pick<Deps, 'loadSnapshot' | 'fillLines'>): Promise<ExitCode> {
  try {
    const flagPorts = clientPortsFlag(opts.clientPorts);
    const { config, flows, before, after } = await readInputs(opts, deps);
    warnIfParametersUnused(opts, [before, after], io);
    const result = diffSnapshots(before.snapshot, after.snapshot, {
      failOn: opts.failOn,
      lint: {
        settings: settingsOf(config, flagPorts),
        rules: ruleOverrides(config),
        ignores: (config?.ignores ?? []).map((i): Ignore => ({ ...(i.ruleId !== undefined ? { ruleId: i.ruleId } : {}), ...(i.resourceId !== undefined ? { resourceId: i.resourceId } : {}), reason: i.reason })),
      },
      ...(flows ? { flows: flows.flows } : {}),
      ...(opts.derivedLimit !== undefined ? { derivedLimit: opts.derivedLimit } : {}),
    });
    fillDiffLines(result, before, after, deps);
    io.stdout(render(result, opts, io));
    if (annotationsWanted(opts.annotations, io)) emitAnnotations(diffAnnotations(result, repositoryPath(opts.cwd, io.env)), io);
    return result.gate.failed ? ExitCode.failed : ExitCode.ok;
  } catch (err) {
    return reportError(err, io);
  }
}

function render(result: DiffResult, opts: DiffCommandOptions, io: CliIo): string {
  switch (opts.format) {
    case 'json':
      return renderDiffJson(result);
    case 'markdown':
      return renderDiffMarkdown(result);
    case 'sarif':
      return renderDiffSarif(result, { toolVersion: opts.toolVersion, artifact: artifactIn(opts.cwd) });
    case 'junit':
      return diffJUnit(result);
    default:
      return renderDiffText(result, { color: useColor({ flag: opts.color, env: io.env, stdoutIsTTY: io.stdoutIsTTY }) });
  }
}

/** Line numbers: what the "after" says from the after's files, what the "before" says from the before's. */
function fillDiffLines(result: DiffResult, before: LoadedSnapshot, after: LoadedSnapshot, deps: Pick<Deps, 'fillLines'>): void {
  deps.fillLines(result.findings.introduced.map((c) => c.finding), after.locate);
  deps.fillLines(result.findings.resolved.map((c) => c.finding), before.locate);
  deps.fillLines(result.flows.flatMap((f) => (f.after ? [f.after] : [])), after.locate);
  deps.fillLines(result.flows.flatMap((f) => (f.before ? [f.before] : [])), before.locate);
  // Rules quoted in a cause come from the traces (filled above), except what became of them in the after.
  deps.fillLines(result.flows.flatMap((f) => (f.cause ? [f.cause.before.map((w) => w.now), f.cause.owner] : [])), after.locate);
}

interface Inputs {
  readonly config: LintConfig | undefined;
  readonly flows: FlowsFile | undefined;
  readonly before: LoadedSnapshot;
  readonly after: LoadedSnapshot;
}

async function readInputs(opts: DiffCommandOptions, deps: Pick<Deps, 'loadSnapshot'>): Promise<Inputs> {
  const missing = [opts.before.length === 0 ? '--before' : '', opts.after.length === 0 ? '--after' : ''].filter(Boolean);
  if (missing.length > 0) throw new InputError(missing.map((flag) => ({ file: flag, message: 'expected at least one source file or folder' })));
  const ruleIds = RULES.map((r) => r.meta.id);
  const readConfig = async (): Promise<LintConfig | undefined> => {
    if (opts.config !== undefined) return readConfigFile(path.resolve(opts.cwd, opts.config), ruleIds, opts.config);
    const found = await findDefaultConfig(opts.cwd);
    return found === undefined ? undefined : readConfigFile(found, ruleIds, DEFAULT_CONFIG_FILE);
  };
  const readFlows = async () => (opts.flows === undefined ? undefined : readFlowsFile(opts.flows));
  const settled = await Promise.allSettled([readConfig(), readFlows(), deps.loadSnapshot(opts.before, loadOptionsOf(opts)), deps.loadSnapshot(opts.after, loadOptionsOf(opts))] as const);
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length) {
    const other = failures.find((f) => !(f instanceof InputError));
    if (other !== undefined) throw other;
    // The same file on both sides reports the same problem twice: once is enough.
    const seen = new Set<string>();
    const problems = failures.flatMap((f) => (f as InputError).problems).filter((p) => {
      const key = `${p.file}|${p.pointer ?? ''}|${p.line ?? ''}|${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    throw new InputError(problems);
  }
  const [config, flows, before, after] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [LintConfig | undefined, FlowsFile | undefined, LoadedSnapshot, LoadedSnapshot];
  return { config, flows, before, after };
}
