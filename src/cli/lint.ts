import path from 'node:path';
import { parseClientPorts } from '../engine/client-ports.js';
import type { ClientPortChoice } from '../engine/types.js';
import { RULES } from '../lint/registry.js';
import { failsAt, lintSnapshot, type Ignore, type LintResult, type RuleOverride } from '../lint/run.js';
import { DEFAULT_ADMIN_PORTS, DEFAULT_WEB_PORTS, type LintSettings, type Severity } from '../lint/types.js';
import { InputError } from '../model/errors.js';
import type { SourceLocation } from '../model/source.js';
import { lintAnnotations } from '../report/github-annotations.js';
import { lintJUnit } from '../report/junit.js';
import { lintJsonParts } from '../report/lint-json.js';
import { lintTextParts } from '../report/lint-text.js';
import { renderMarkdown } from '../report/markdown.js';
import { sarifParts } from '../report/sarif.js';
import { readBaselineFile, writeBaselineFile } from '../sources/baseline.js';
import { DEFAULT_CONFIG_FILE, findDefaultConfig, readConfigFile, type ConfigClientPorts, type LintConfig } from '../sources/config.js';
import type { LoadedSnapshot } from '../sources/index.js';
import { annotationsWanted, emitAnnotations, repositoryPath } from './annotations.js';
import { useColor } from './color.js';
import { loadOptionsOf, warnIfParametersUnused, type Deps, type SourceReadOptions } from './deps.js';
import { reportError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';
import { progressFor, type Progress } from './progress.js';
import { artifactIn } from './sarif-artifacts.js';

export type LintFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'junit';

export interface LintCommandOptions extends SourceReadOptions {
  readonly sources: readonly string[];
  readonly format: LintFormat;
  /** Exit 1 when an unsuppressed finding at or above this severity remains; `none` never fails. */
  readonly failOn: Severity | 'none';
  /** `--config FILE`; without it `.synack.yml` in `cwd` is read when present. */
  readonly config?: string;
  /** `--baseline FILE`: findings whose fingerprint it lists are suppressed (kind baseline). */
  readonly baseline?: string;
  /** `--write-baseline FILE`: record today's findings there (atomically) and exit 0. */
  readonly writeBaseline?: string;
  /** `--client-ports R`: one client range for every client, overriding the configuration's. */
  readonly clientPorts?: string;
  readonly color?: boolean;
  /** Workflow annotations when GITHUB_ACTIONS=true; `--no-annotations` sets false (default true). */
  readonly annotations?: boolean;
  /** The working directory: where `.synack.yml` is looked for and what SARIF URIs are relative to. */
  readonly cwd: string;
  /** synack's version, for SARIF's tool.driver.version. */
  readonly toolVersion: string;
  /** `--quiet`: no progress line on stderr (there is one only when stderr is a terminal). */
  readonly quiet?: boolean;
  /** Where progress goes instead of stderr's status line (tests, embedding). */
  readonly progress?: Progress;
}

/**
 * `synack lint`: read the configuration, the baseline and the sources (all problems reported together) →
 * run every enabled rule → fill in line numbers → print in the chosen format. Exit 0, 1 when an
 * unsuppressed finding reaches `--fail-on`, 2 on usage or input errors. Never throws.
 */
export async function runLint(opts: LintCommandOptions, io: CliIo, deps: Pick<Deps, 'loadSnapshot' | 'fillLines'>): Promise<ExitCode> {
  // The report is written after all the work: the status line is cleared before it, on any terminal.
  const progress = opts.progress ?? progressFor(io, { quiet: opts.quiet === true });
  try {
    const flagPorts = clientPortsFlag(opts.clientPorts);
    const { config, baseline, loaded } = await readInputs(opts, deps);
    warnIfParametersUnused(opts, [loaded], io);
    const result = lintSnapshot(loaded.snapshot, {
      settings: settingsOf(config, flagPorts),
      rules: ruleOverrides(config),
      ignores: (config?.ignores ?? []).map((i): Ignore => ({ ...(i.ruleId !== undefined ? { ruleId: i.ruleId } : {}), ...(i.resourceId !== undefined ? { resourceId: i.resourceId } : {}), reason: i.reason })),
      ...(baseline ? { baseline } : {}),
      onRule: (rule, position, count) => progress.step(`rule ${position} of ${count}, ${rule.meta.id}`),
    });
    // Only the locations: walking whole findings (details, fixes) for them cost more than the lookups.
    const locations: SourceLocation[] = [];
    for (const f of result.findings) {
      if (f.location) locations.push(f.location);
      for (const r of f.related ?? []) locations.push(r.location);
    }
    progress.step(`finding the lines of ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`);
    deps.fillLines(locations, loaded.locate);
    progress.done();

    if (opts.writeBaseline !== undefined) {
      // Findings the configuration or a tag already suppresses stay theirs: removing that ignore later
      // must bring them back rather than find them hidden in the baseline.
      const recorded = result.findings.filter((f) => !f.suppressed || f.suppressed.kind === 'baseline');
      const count = await writeBaselineFile(opts.writeBaseline, recorded, `synack ${opts.toolVersion}`);
      write(render(result, opts, io), io);
      io.stderr(`synack: recorded ${count} finding${count === 1 ? '' : 's'} in ${opts.writeBaseline}; lint with --baseline ${opts.writeBaseline} to fail on new findings only\n`);
      return ExitCode.ok;
    }
    write(render(result, opts, io), io);
    if (annotationsWanted(opts.annotations ?? true, io)) emitAnnotations(lintAnnotations(result.findings, repositoryPath(opts.cwd, io.env)), io);
    return failsAt(result.findings, opts.failOn) ? ExitCode.failed : ExitCode.ok;
  } catch (err) {
    progress.done();
    return reportError(err, io);
  }
}

/** The output in parts, each written before the next is made: one string of a large report cost more than making it. */
function render(result: LintResult, opts: LintCommandOptions, io: CliIo): Iterable<string> {
  switch (opts.format) {
    case 'json':
      return lintJsonParts(result);
    case 'sarif':
      return sarifParts(result, { toolVersion: opts.toolVersion, artifact: artifactIn(opts.cwd), baseline: opts.baseline !== undefined });
    case 'markdown':
      return [renderMarkdown(result)];
    case 'junit':
      return [lintJUnit(result, opts.failOn)];
    default:
      return lintTextParts(result, { color: useColor({ flag: opts.color, env: io.env, stdoutIsTTY: io.stdoutIsTTY }) });
  }
}

function write(parts: Iterable<string>, io: CliIo): void {
  for (const part of parts) io.stdout(part);
}

export function clientPortsFlag(text: string | undefined): ClientPortChoice | undefined {
  if (text === undefined) return undefined;
  const choice = parseClientPorts(text);
  if (!choice) {
    throw new InputError([
      { file: '--client-ports', message: `"${text}" is not a port range or profile: expected lo-hi (e.g. 32768-60999) or linux, windows, windows-legacy, nat-gateway, elb, lambda, any` },
    ]);
  }
  return { ...choice, reason: `--client-ports ${text.trim()}` };
}

interface Inputs {
  readonly config: LintConfig | undefined;
  readonly baseline: ReadonlySet<string> | undefined;
  readonly loaded: LoadedSnapshot;
}

/** The configuration, the baseline and the sources, read together so that every problem is reported at once. */
async function readInputs(opts: LintCommandOptions, deps: Pick<Deps, 'loadSnapshot'>): Promise<Inputs> {
  const ruleIds = RULES.map((r) => r.meta.id);
  const readConfig = async (): Promise<LintConfig | undefined> => {
    if (opts.config !== undefined) return readConfigFile(path.resolve(opts.cwd, opts.config), ruleIds, opts.config);
    const found = await findDefaultConfig(opts.cwd);
    return found === undefined ? undefined : readConfigFile(found, ruleIds, DEFAULT_CONFIG_FILE);
  };
  const readBaseline = async () => (opts.baseline === undefined ? undefined : readBaselineFile(path.resolve(opts.cwd, opts.baseline)));
  const settled = await Promise.allSettled([readConfig(), readBaseline(), deps.loadSnapshot(opts.sources, loadOptionsOf(opts))] as const);
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length) {
    const other = failures.find((f) => !(f instanceof InputError));
    if (other !== undefined) throw other;
    throw new InputError(failures.flatMap((f) => (f as InputError).problems));
  }
  const [config, baseline, loaded] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [LintConfig | undefined, ReadonlySet<string> | undefined, LoadedSnapshot];
  return { config, baseline, loaded };
}

export function ruleOverrides(config: LintConfig | undefined): Record<string, RuleOverride> {
  const out: Record<string, RuleOverride> = {};
  for (const [id, s] of Object.entries(config?.rules ?? {})) {
    Object.defineProperty(out, id, {
      value: { ...(s.enabled !== undefined ? { enabled: s.enabled } : {}), ...(s.severity !== undefined ? { severity: s.severity } : {}) },
      enumerable: true,
    });
  }
  return out;
}

/** Lint settings from the configuration; `--client-ports` replaces every client-port setting of the file. */
export function settingsOf(config: LintConfig | undefined, flagPorts?: ClientPortChoice): LintSettings {
  return {
    adminPorts: config?.adminPorts ?? DEFAULT_ADMIN_PORTS,
    webPorts: config?.webPorts ?? DEFAULT_WEB_PORTS,
    clientPortsFor: flagPorts ? () => flagPorts : config ? configClientPorts(config) : () => undefined,
  };
}

/**
 * The configuration's client ranges; the most specific entry wins: the ENI's id, a tag of the ENI, the
 * subnet's id, a tag of the subnet, then `default`. (A target with an ENI carries the ENI's tags; a subnet
 * target carries the subnet's.)
 */
function configClientPorts(config: LintConfig): LintSettings['clientPortsFor'] {
  const cp = config.clientPorts;
  const choice = (entry: ConfigClientPorts, what: string): ClientPortChoice => {
    const parsed = parseClientPorts(entry.value)!;
    return { ...parsed, reason: `${config.file}${entry.source.line !== undefined ? `:${entry.source.line}` : ''}: ${what} ${entry.value}` };
  };
  const own = <T>(record: Readonly<Record<string, T>>, key: string | undefined): T | undefined => (key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined);
  const tagMatch = (tags: Readonly<Record<string, string>> | undefined) =>
    tags ? cp.tags.find((t) => Object.hasOwn(tags, t.key) && tags[t.key] === t.tagValue) : undefined;
  return (target) => {
    const eni = own(cp.enis, target.eniId);
    if (eni) return choice(eni, `clientPorts for ${target.eniId}`);
    if (target.eniId !== undefined) {
      const tag = tagMatch(target.tags);
      if (tag) return choice(tag, `clientPorts for tag ${tag.key}=${tag.tagValue} of ${target.eniId}`);
    }
    const subnet = own(cp.subnets, target.subnetId);
    if (subnet) return choice(subnet, `clientPorts for ${target.subnetId}`);
    if (target.eniId === undefined) {
      const tag = tagMatch(target.tags);
      if (tag) return choice(tag, `clientPorts for tag ${tag.key}=${tag.tagValue}${target.subnetId !== undefined ? ` of ${target.subnetId}` : ''}`);
    }
    return cp.default ? choice(cp.default, 'default clientPorts') : undefined;
  };
}
