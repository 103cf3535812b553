// One input file's text → its DocumentImport and problems (pure: no file system).
import type { InputProblem } from '../model/errors.js';
import { readAwsCliDocument } from './aws-cli.js';
import { detectDocument, type DocumentKind } from './detect.js';
import type { DocumentImport } from './document-import.js';
import { parseJson } from './json-locator.js';
import { readNpGuardDocument } from './np-guard.js';
import { readSnapshotDocument } from './snapshot-format.js';

export interface ImportedDocument {
  /** Undefined when the file is not JSON or not a format synack reads. */
  readonly kind?: DocumentKind;
  readonly result?: DocumentImport;
  readonly problems: InputProblem[];
}

/**
 * Reads one file. `explicit`: the user named the file, so an unrecognised document is a problem; in a
 * folder it is skipped (e.g. Batfish's Addresses.json).
 */
export function importDocumentText(text: string, file: string, explicit: boolean): ImportedDocument {
  const parsed = parseJson(text);
  if (!parsed.ok) return { problems: [{ file, line: parsed.line, message: parsed.message }] };
  return importDocument(parsed.value, file, explicit);
}

export function importDocument(doc: unknown, file: string, explicit: boolean): ImportedDocument {
  const detected = detectDocument(doc);
  if (!detected) {
    return {
      problems: explicit
        ? [
            {
              file,
              pointer: '',
              message:
                'not a format synack reads; expected AWS CLI describe-* output (NetworkAcls, SecurityGroups, Subnets, …), np-guard collector output (network_acls, security_groups, …) or a synack snapshot ("format": "synack-snapshot")',
            },
          ]
        : [],
    };
  }
  const read =
    detected.kind === 'aws-cli' ? readAwsCliDocument : detected.kind === 'np-guard' ? readNpGuardDocument : readSnapshotDocument;
  const { result, problems } = read(detected.body, file, detected.base);
  return { kind: detected.kind, result, problems };
}
