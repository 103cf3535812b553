import type { FlowQuery, FlowResult } from '../engine/types.js';
import { InputError, type InputProblem } from '../model/errors.js';
import { SnapshotIndex } from '../model/snapshot-index.js';
import { checkAnnotations } from '../report/github-annotations.js';
import { renderCheckJson, type FlowCheck } from '../report/json.js';
import { checkJUnit } from '../report/junit.js';
import { renderCheck } from '../report/text.js';
import { readFlowsFile, type FlowsFile, type FlowSpec } from '../sources/flows-file.js';
import type { LoadedSnapshot } from '../sources/index.js';
import { annotationsWanted, emitAnnotations, repositoryPath } from './annotations.js';
import { useColor } from './color.js';
import { loadOptionsOf, warnIfParametersUnused, type Deps, type SourceReadOptions } from './deps.js';
import { reportError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface CheckOptions extends SourceReadOptions {
  readonly sources: readonly string[];
  /** Path of the flows file (JSON or YAML). */
  readonly flows: string;
  readonly format: 'text' | 'json' | 'junit';
  readonly color?: boolean;
  /** Workflow annotations when GITHUB_ACTIONS=true; `--no-annotations` sets false (default true). */
  readonly annotations?: boolean;
  /** The working directory, for annotation paths (default: the process's). */
  readonly cwd?: string;
}

/**
 * `synack check`: every flow of the flows file is traced; a flow passes when its verdict is its `expect`,
 * or `reachable` when it has none. Exit 0 when all pass, 1 otherwise, 2 on input errors (the flows file,
 * the sources, or a flow whose endpoints do not resolve — reported at the flow's line in the flows file).
 */
export async function runCheck(opts: CheckOptions, io: CliIo, deps: Deps): Promise<ExitCode> {
  try {
    const [flowsFile, loaded] = await readBoth(opts, deps);
    warnIfParametersUnused(opts, [loaded], io);
    const index = new SnapshotIndex(loaded.snapshot);
    const problems: InputProblem[] = [];
    const checks: FlowCheck[] = [];
    for (const spec of flowsFile.flows) {
      let result: FlowResult;
      try {
        result = deps.traceFlow(index, queryOf(spec));
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problems.push(...err.problems.map((p) => inFlowsFile(p, spec, flowsFile)));
        continue;
      }
      const expected = spec.expect ?? 'reachable';
      checks.push({
        ...(spec.name !== undefined ? { name: spec.name } : {}),
        ...(spec.expect !== undefined ? { expect: spec.expect } : {}),
        pass: result.verdict === expected,
        result,
      });
    }
    if (problems.length) throw new InputError(problems);
    const filled = deps.fillLines(checks, loaded.locate);
    const sources = flowsFile.flows.map((f) => f.source);
    if (opts.format === 'json') io.stdout(renderCheckJson(filled));
    else if (opts.format === 'junit') io.stdout(checkJUnit(filled, sources));
    else io.stdout(renderCheck(filled, { color: useColor({ flag: opts.color, env: io.env, stdoutIsTTY: io.stdoutIsTTY }) }));
    if (annotationsWanted(opts.annotations ?? true, io)) emitAnnotations(checkAnnotations(filled, sources, repositoryPath(opts.cwd ?? process.cwd(), io.env)), io);
    return filled.every((c) => c.pass) ? ExitCode.ok : ExitCode.failed;
  } catch (err) {
    return reportError(err, io);
  }
}

/** Reads the flows file and the sources together, so that problems in both are reported in one go. */
async function readBoth(opts: CheckOptions, deps: Deps): Promise<[FlowsFile, LoadedSnapshot]> {
  const [flows, loaded] = await Promise.allSettled([readFlowsFile(opts.flows), deps.loadSnapshot(opts.sources, loadOptionsOf(opts))]);
  if (flows.status === 'fulfilled' && loaded.status === 'fulfilled') return [flows.value, loaded.value];
  const failures = [flows, loaded].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const other = failures.find((f) => !(f instanceof InputError));
  if (other !== undefined) throw other;
  throw new InputError(failures.flatMap((f) => (f as InputError).problems));
}

function queryOf(spec: FlowSpec): FlowQuery {
  return {
    from: spec.from,
    to: spec.to,
    protocol: spec.protocol,
    port: spec.port,
    ...(spec.clientPorts !== undefined ? { clientPorts: spec.clientPorts } : {}),
  };
}

/** The engine names flags (`--from`); in a flows file the same mistake is at a field of one flow. */
const FIELD_OF_FLAG: Readonly<Record<string, string>> = {
  '--from': 'from',
  '--to': 'to',
  '--port': 'port',
  '--protocol': 'protocol',
  '--client-ports': 'clientPorts',
};

function inFlowsFile(p: InputProblem, spec: FlowSpec, file: FlowsFile): InputProblem {
  if (!p.file.startsWith('--')) return p;
  const field = FIELD_OF_FLAG[p.file];
  const pointer = field !== undefined ? `${spec.source.pointer}/${field}` : spec.source.pointer;
  const line = file.line(pointer) ?? spec.source.line;
  const label = spec.name !== undefined ? `flow "${spec.name}": ` : '';
  return { file: file.file, pointer, ...(line !== undefined ? { line } : {}), message: `${label}${p.message}` };
}
