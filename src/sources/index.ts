// Contract (implemented in this folder): see loadSnapshot below.
import { InputError, type InputProblem } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import type { DocumentImport } from './document-import.js';
import { importDocumentText } from './import-document.js';
import { createLocate, fillLines } from './locate.js';
import { mergeImports } from './merge.js';
import { readInputFiles, type InputFile } from './read-files.js';

export { fillLines, createLocate, type Locate } from './locate.js';
export { importDocument, importDocumentText, type ImportedDocument } from './import-document.js';
export { mergeImports } from './merge.js';
export { loadSchema, validateShape, type SchemaName } from './validate.js';
export type { InputFile } from './read-files.js';

export interface LoadedSnapshot {
  readonly snapshot: Snapshot;
  /** 1-based line of a location in its input file, computed on demand (parsing for lines is not free). */
  locate(location: SourceLocation): number | undefined;
}

/**
 * Reads files and folders (AWS CLI describe-* exports, np-guard collector output, synack snapshots) into
 * one Snapshot. Throws InputError listing every problem (file, pointer, line, message).
 */
export async function loadSnapshot(paths: readonly string[]): Promise<LoadedSnapshot> {
  const { files, problems } = await readInputFiles(paths);
  return snapshotFromFiles(files, problems, paths);
}

/**
 * The same from texts already in memory (no file system): `explicit` files must be recognised, folder
 * members (`explicit: false`) are skipped when they are not a format synack reads.
 */
export function snapshotFromFiles(files: readonly InputFile[], earlier: readonly InputProblem[] = [], named?: readonly string[]): LoadedSnapshot {
  const problems: InputProblem[] = [...earlier];
  const texts = new Map<string, string>();
  const imports: DocumentImport[] = [];
  for (const file of files) {
    texts.set(file.path, file.text);
    const doc = importDocumentText(file.text, file.path, file.explicit);
    problems.push(...doc.problems);
    if (doc.result) imports.push(doc.result);
  }
  if (imports.length === 0 && problems.length === 0) {
    problems.push({
      file: (named ?? files.map((f) => f.path)).join(', ') || '(no input)',
      message:
        'no input in a format synack reads; expected AWS CLI describe-* output (NetworkAcls, SecurityGroups, …), np-guard collector output or a synack snapshot',
    });
  }
  const merged = mergeImports(imports);
  problems.push(...merged.problems);
  const locate = createLocate(texts);
  if (problems.length > 0) {
    for (const p of problems) if (p.line === undefined && p.pointer !== undefined) fillLines(p, locate);
    throw new InputError(problems);
  }
  return { snapshot: merged.snapshot, locate };
}
