// Contract (implemented in this folder): see loadSnapshot below.
import { InputError, type InputProblem } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import { readAwsCliDocument } from './aws-cli.js';
import { readCloudFormationTemplate, readCloudFormationYaml } from './cloudformation/index.js';
import { detectDocument, detectIac, type DocumentKind, type IacKind } from './detect.js';
import type { DocumentImport } from './document-import.js';
import { describeValue, isObject, type JsonObject } from './fields.js';
import { importDocument as importApiDocument } from './import-document.js';
import { parseJson } from './json-locator.js';
import { createLocate, fillLines, type Locate } from './locate.js';
import { mergeImports } from './merge.js';
import { readNpGuardDocument } from './np-guard.js';
import { readInputFiles, type InputFile } from './read-files.js';
import { readSnapshotDocument } from './snapshot-format.js';
import { readTerraformPlan } from './terraform/index.js';

export { fillLines, createLocate, type Locate } from './locate.js';
export { mergeImports } from './merge.js';
export { loadSchema, validateShape, type SchemaName } from './validate.js';
export type { InputFile } from './read-files.js';

/** An input format, for `--source-type` (otherwise every file's format is detected). */
export type SourceType = 'aws-cli' | 'snapshot' | 'np-guard' | 'terraform' | 'cloudformation';
export const SOURCE_TYPES: readonly SourceType[] = ['aws-cli', 'snapshot', 'np-guard', 'terraform', 'cloudformation'];

export interface LoadOptions {
  /** Read every file as this format instead of detecting it. */
  readonly sourceType?: SourceType;
  /**
   * CloudFormation parameter values (and pseudo parameters such as AWS::Region), used before the
   * parameters' Defaults.
   */
  readonly parameters?: Readonly<Record<string, string>>;
}

export interface LoadedSnapshot {
  readonly snapshot: Snapshot;
  /** 1-based line of a location in its input file, computed on demand (parsing for lines is not free). */
  readonly locate: Locate;
}

/**
 * Reads files and folders (AWS CLI describe-* exports, np-guard collector output, synack snapshots,
 * Terraform plans, CloudFormation templates) into one Snapshot. Throws InputError listing every problem
 * (file, pointer, line, message).
 */
export async function loadSnapshot(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedSnapshot> {
  const { files, problems } = await readInputFiles(paths);
  return snapshotFromFiles(files, problems, paths, options);
}

/**
 * The same from texts already in memory (no file system): `explicit` files must be recognised, folder
 * members (`explicit: false`) are skipped when they are not a format synack reads.
 */
export function snapshotFromFiles(files: readonly InputFile[], earlier: readonly InputProblem[] = [], named?: readonly string[], options: LoadOptions = {}): LoadedSnapshot {
  const problems: InputProblem[] = [...earlier];
  const texts = new Map<string, string>();
  const yamlLines = new Map<string, (pointer: string) => number | undefined>();
  const imports: DocumentImport[] = [];
  for (const file of files) {
    texts.set(file.path, file.text);
    const doc = importDocumentText(file.text, file.path, file.explicit, options);
    problems.push(...doc.problems);
    if (doc.result) imports.push(doc.result);
    if (doc.lines) yamlLines.set(file.path, doc.lines);
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
  const jsonLocate = createLocate(texts);
  const locate: Locate = (location: SourceLocation): number | undefined => {
    const yaml = yamlLines.get(location.file);
    return yaml ? yaml(location.pointer) : jsonLocate(location);
  };
  locate.prepare = (locations) => jsonLocate.prepare?.(locations.filter((l) => !yamlLines.has(l.file)));
  if (problems.length > 0) {
    fillLines(problems.filter((p) => p.line === undefined && p.pointer !== undefined), locate);
    throw new InputError(problems);
  }
  return { snapshot: merged.snapshot, locate };
}

export interface ImportedDocument {
  /** Undefined when the file is not a format synack reads. */
  readonly kind?: DocumentKind | IacKind;
  readonly result?: DocumentImport;
  readonly problems: InputProblem[];
  /** Lines of JSON pointers, for YAML files (JSON files are located by their text). */
  readonly lines?: (pointer: string) => number | undefined;
}

const YAML_FILE = /\.(ya?ml|template)$/i;

/**
 * One input file's text → its DocumentImport and problems (pure: no file system). `explicit`: the user
 * named the file, so an unrecognised document is a problem; in a folder it is skipped.
 */
export function importDocumentText(text: string, file: string, explicit: boolean, options: LoadOptions = {}): ImportedDocument {
  const { sourceType } = options;
  if (sourceType !== undefined && !SOURCE_TYPES.includes(sourceType)) {
    return { problems: [{ file: '--source-type', message: `${JSON.stringify(sourceType)} is not a source type; expected one of ${SOURCE_TYPES.join(', ')}` }] };
  }
  const yaml = sourceType === 'cloudformation' || (sourceType === undefined && YAML_FILE.test(file));
  // JSON is read as JSON (its lines by the JSON locator); a YAML file in flow style that is not JSON, as YAML.
  const parsed = !yaml || text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? parseJson(text) : undefined;
  if (yaml && (parsed === undefined || !parsed.ok)) {
    const r = readCloudFormationYaml(text, file, explicit, sourceType === 'cloudformation', options.parameters);
    return { ...(r.recognised ? { kind: 'cloudformation' as const } : {}), ...(r.result ? { result: r.result } : {}), problems: r.problems, ...(r.lines ? { lines: r.lines } : {}) };
  }
  if (!parsed!.ok) return { problems: [{ file, line: parsed!.line, message: parsed!.message }] };
  return importDocument(parsed!.value, file, explicit, options);
}

/** A parsed JSON document → its DocumentImport (see importDocumentText). */
export function importDocument(doc: unknown, file: string, explicit: boolean, options: LoadOptions = {}): ImportedDocument {
  const { sourceType } = options;
  if (sourceType === undefined) {
    const iac = detectIac(doc);
    if (iac === undefined) return importApiDocument(doc, file, explicit);
    return readAs(iac, doc as JsonObject, file, '', options);
  }
  if (!isObject(doc)) return { problems: [{ file, pointer: '', message: `the document is ${describeValue(doc)}; expected a JSON object (${sourceType} input)` }] };
  const kind: DocumentKind | IacKind = sourceType === 'terraform' ? 'terraform-plan' : sourceType === 'snapshot' ? 'synack-snapshot' : sourceType;
  const detected = detectDocument(doc);
  // A forced API format still finds its lists inside a cloud-custodian wrapper.
  return detected?.kind === kind ? readAs(kind, detected.body, file, detected.base, options) : readAs(kind, doc, file, '', options);
}

const READERS: Readonly<Record<DocumentKind | IacKind, (body: JsonObject, file: string, base: string, options: LoadOptions) => { result: DocumentImport; problems: InputProblem[] }>> = {
  'aws-cli': readAwsCliDocument,
  'np-guard': readNpGuardDocument,
  'synack-snapshot': readSnapshotDocument,
  'terraform-plan': readTerraformPlan,
  cloudformation: (body, file, _base, options) => readCloudFormationTemplate(body, file, options.parameters),
};

function readAs(kind: DocumentKind | IacKind, body: JsonObject, file: string, base: string, options: LoadOptions): ImportedDocument {
  const { result, problems } = READERS[kind](body, file, base, options);
  return { kind, result, problems };
}
