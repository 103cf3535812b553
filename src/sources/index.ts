// Contract (implemented in this folder): see loadSnapshot below.
import type { Snapshot } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';

export interface LoadedSnapshot {
  readonly snapshot: Snapshot;
  /** 1-based line of a location in its input file, computed on demand (parsing for lines is not free). */
  locate(location: SourceLocation): number | undefined;
}

/**
 * Reads files and folders (AWS CLI describe-* exports, np-guard collector output, synack snapshots) into
 * one Snapshot. Throws InputError listing every problem (file, pointer, line, message).
 */
export declare function loadSnapshot(paths: readonly string[]): Promise<LoadedSnapshot>;
