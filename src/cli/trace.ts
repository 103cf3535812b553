import type { FlowQuery } from '../engine/types.js';
import { SnapshotIndex } from '../model/snapshot-index.js';
import { renderTraceJson } from '../report/json.js';
import { renderTrace } from '../report/text.js';
import { useColor } from './color.js';
import { loadOptionsOf, warnIfParametersUnused, type Deps, type SourceReadOptions } from './deps.js';
import { reportError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface TraceOptions extends SourceReadOptions {
  readonly sources: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly protocol: 'tcp' | 'udp';
  readonly port: number;
  readonly clientPorts?: string;
  readonly format: 'text' | 'json';
  /** `--color` / `--no-color`; undefined: decide from the terminal and NO_COLOR. */
  readonly color?: boolean;
}

/** `synack trace`: load → trace → print. Returns the exit code; never throws. */
export async function runTrace(opts: TraceOptions, io: CliIo, deps: Deps): Promise<ExitCode> {
  try {
    const loaded = await deps.loadSnapshot(opts.sources, loadOptionsOf(opts));
    warnIfParametersUnused(opts, [loaded], io);
    const index = new SnapshotIndex(loaded.snapshot);
    const query: FlowQuery = {
      from: opts.from,
      to: opts.to,
      protocol: opts.protocol,
      port: opts.port,
      ...(opts.clientPorts !== undefined ? { clientPorts: opts.clientPorts } : {}),
    };
    const result = deps.fillLines(deps.traceFlow(index, query), loaded.locate);
    if (opts.format === 'json') io.stdout(renderTraceJson(result));
    else io.stdout(renderTrace(result, { color: useColor({ flag: opts.color, env: io.env, stdoutIsTTY: io.stdoutIsTTY }) }));
    return result.verdict === 'reachable' ? ExitCode.ok : ExitCode.failed;
  } catch (err) {
    return reportError(err, io);
  }
}
