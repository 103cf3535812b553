import type { FlowQuery, FlowResult } from '../engine/types.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import type { LoadedSnapshot, LoadOptions } from '../sources/index.js';
import type { Locate } from '../sources/locate.js';
import type { CliIo } from './io.js';

/**
 * What the command runners need from the rest of synack. The oclif commands pass `defaultDeps`
 * (default-deps.ts); tests may pass stand-ins to exercise the plumbing (exit codes, output, errors) alone.
 */
export interface Deps {
  /** `options`: `--source-type` and `--parameter` (src/sources/index.ts LoadOptions). */
  loadSnapshot(paths: readonly string[], options?: LoadOptions): Promise<LoadedSnapshot>;
  traceFlow(index: SnapshotIndex, query: FlowQuery): FlowResult;
  /** Fills `line` in every SourceLocation inside `value` (src/sources/locate.ts). */
  fillLines<T>(value: T, locate: Locate): T;
}

/** How a runner's options say how to read the sources (`--source-type`, `--parameter`). */
export interface SourceReadOptions {
  readonly sourceType?: LoadOptions['sourceType'];
  /** CloudFormation parameter values, by parameter name. */
  readonly parameters?: LoadOptions['parameters'];
}

/** The LoadOptions of a runner's options (nothing when neither is given, so stand-ins see what they saw before). */
export function loadOptionsOf(opts: SourceReadOptions): LoadOptions {
  return {
    ...(opts.sourceType !== undefined ? { sourceType: opts.sourceType } : {}),
    ...(opts.parameters !== undefined && Object.keys(opts.parameters).length > 0 ? { parameters: opts.parameters } : {}),
  };
}

/**
 * `--parameter` only means something to CloudFormation templates: when no network resource of the loaded
 * sources (all of them: diff's before and after) comes from one, say on stderr that the parameters changed
 * nothing — a warning, not an error, since the run is still right.
 */
export function warnIfParametersUnused(opts: SourceReadOptions, loaded: readonly LoadedSnapshot[], io: Pick<CliIo, 'stderr'>): void {
  const names = Object.keys(opts.parameters ?? {});
  if (names.length === 0 || loaded.some(fromCloudFormation)) return;
  io.stderr(`synack: warning: --parameter ${names.join(', ')}: no input is a CloudFormation template with network resources, so the parameters change nothing\n`);
}

/** Whether a network resource comes from a CloudFormation template (their pointers are `/Resources/<logical id>…`). */
function fromCloudFormation({ snapshot: s }: LoadedSnapshot): boolean {
  return [s.vpcs, s.subnets, s.nacls, s.securityGroups, s.enis, s.instances, s.prefixLists].some((list) =>
    list.some((o: { readonly source: { readonly pointer: string } }) => o.source.pointer.startsWith('/Resources/')),
  );
}
