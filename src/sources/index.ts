// Contract (implemented in this folder): see loadSnapshot below.
import { InputError, type InputProblem } from '../model/errors.js';
import type { Snapshot } from '../model/snapshot.js';
import type { SourceLocation } from '../model/source.js';
import { readAwsCliDocument } from './aws-cli.js';
import { looksLikeCloudFormation, readCloudFormationTemplate, readCloudFormationYaml } from './cloudformation/index.js';
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
    const doc = importDocumentText(file.text, file.path, file.explicit, file.options ?? options);
    problems.push(...doc.problems);
    if (doc.result) imports.push(doc.result);
    if (doc.lines) yamlLines.set(file.path, doc.lines);
  }
  if (imports.length === 0 && problems.length === 0) {
    const forced = options.sourceType === undefined ? undefined : kindOf(options.sourceType);
    problems.push({
      file: (named ?? files.map((f) => f.path)).join(', ') || '(no input)',
      message:
        forced === undefined
          ? 'no input in a format synack reads; expected AWS CLI describe-* output (NetworkAcls, SecurityGroups, …), np-guard collector output or a synack snapshot'
          : `no input is ${KIND_NAMES[forced]} (--source-type ${options.sourceType}); expected ${KIND_SIGNS[forced]}`,
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
    // Forced: a named file is read as a template whatever it looks like; in a folder, one that is not a
    // template is skipped, as without --source-type.
    const r = readCloudFormationYaml(text, file, explicit, sourceType === 'cloudformation' && explicit, options.parameters);
    return { ...(r.recognised ? { kind: 'cloudformation' as const } : {}), ...(r.result ? { result: r.result } : {}), problems: r.problems, ...(r.lines ? { lines: r.lines } : {}) };
  }
  if (!parsed!.ok) {
    if (sourceType === undefined) return { problems: [{ file, line: parsed!.line, message: parsed!.message }] };
    // Forced to a JSON format: a YAML template is the wrong type rather than broken JSON.
    if (looksLikeCloudFormation(text)) return { problems: [wrongType(file, sourceType, 'cloudformation')] };
    return { problems: [{ file, line: parsed!.line, message: `${parsed!.message}; --source-type ${sourceType} expects ${KIND_NAMES[kindOf(sourceType)]} (JSON)` }] };
  }
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
  const kind = kindOf(sourceType);
  // In a folder, a file in no format synack reads is skipped, as without --source-type.
  if (!isObject(doc)) return { problems: explicit ? [wrongType(file, sourceType, undefined, `the document is ${describeValue(doc)}`)] : [] };
  // A forced format must be the file's own: one line naming what it is instead of a reader's complaints
  // about every key it misses (or, for the API formats, an empty import). A forced API format still finds
  // its lists inside a cloud-custodian wrapper.
  const iac = detectIac(doc);
  if (iac === kind) return readAs(kind, doc, file, '', options);
  const detected = iac === undefined ? detectDocument(doc) : undefined;
  if (detected?.kind === kind) return readAs(kind, detected.body, file, detected.base, options);
  const found = iac ?? detected?.kind;
  if (found === undefined && !explicit) return { problems: [] };
  return { problems: [wrongType(file, sourceType, found)] };
}

function kindOf(sourceType: SourceType): DocumentKind | IacKind {
  return sourceType === 'terraform' ? 'terraform-plan' : sourceType === 'snapshot' ? 'synack-snapshot' : sourceType;
}

const KIND_NAMES: Readonly<Record<DocumentKind | IacKind, string>> = {
  'aws-cli': 'AWS CLI describe-* output',
  'np-guard': 'np-guard collector output',
  'synack-snapshot': 'a synack snapshot',
  'terraform-plan': 'a Terraform plan',
  cloudformation: 'a CloudFormation template',
};

/** What a document of each kind has, for the message when it has not. */
const KIND_SIGNS: Readonly<Record<DocumentKind | IacKind, string>> = {
  'aws-cli': 'describe-* lists such as NetworkAcls, SecurityGroups, Subnets or NetworkInterfaces at the top',
  'np-guard': 'the collector\'s vpcs, subnets, network_acls, security_groups or instances lists at the top',
  'synack-snapshot': '"format": "synack-snapshot" at the top (what synack fetch writes)',
  'terraform-plan': 'the output of terraform show -json PLANFILE (format_version with planned_values or resource_changes)',
  cloudformation: 'Resources whose entries have Type: AWS::…, or AWSTemplateFormatVersion',
};

/** A file that is not of the forced type: what it is (when synack can tell) and what was expected. */
function wrongType(file: string, sourceType: SourceType, found: DocumentKind | IacKind | undefined, why?: string): InputProblem {
  const kind = kindOf(sourceType);
  return {
    file,
    pointer: '',
    message:
      found === undefined
        ? `the file is not ${KIND_NAMES[kind]} (--source-type ${sourceType})${why === undefined ? '' : `: ${why}`}; expected ${KIND_SIGNS[kind]}`
        : `the file is ${KIND_NAMES[found]}, not ${KIND_NAMES[kind]} as --source-type ${sourceType} says; without --source-type each file's format is detected`,
  };
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
