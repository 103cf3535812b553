import type { FlowQuery, FlowResult } from '../engine/types.js';
import type { SnapshotIndex } from '../model/snapshot-index.js';
import type { LoadedSnapshot } from '../sources/index.js';
import type { Locate } from '../sources/locate.js';

/**
 * What the command runners need from the rest of synack. The oclif commands pass `defaultDeps`
 * (default-deps.ts); tests may pass stand-ins to exercise the plumbing (exit codes, output, errors) alone.
 */
export interface Deps {
  loadSnapshot(paths: readonly string[]): Promise<LoadedSnapshot>;
  traceFlow(index: SnapshotIndex, query: FlowQuery): FlowResult;
  /** Fills `line` in every SourceLocation inside `value` (src/sources/locate.ts). */
  fillLines<T>(value: T, locate: Locate): T;
}
