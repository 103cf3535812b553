// AWS CLI `aws ec2 describe-*` output (one or several lists per file) → DocumentImport.
import type { InputProblem } from '../model/errors.js';
import { Problems, type DocumentImport } from './document-import.js';
import { AWS_CLI_KEYS, isPrefixListEntries } from './detect.js';
import { isObject, text, type JsonObject } from './fields.js';
import { importLists, type ApiList, type EntriesList, type ListKind } from './import-lists.js';
import { validateShape } from './validate.js';

const PREFIX_LIST_ID = /pl-[0-9a-z]+/;

export function readAwsCliDocument(body: JsonObject, file: string, base = ''): { result: DocumentImport; problems: InputProblem[] } {
  const problems = new Problems(validateShape('aws-cli', body, file, base));
  const lists: ApiList[] = [];
  for (const key of AWS_CLI_KEYS) {
    if (!(key in body)) continue;
    if (key === 'Reservations') {
      const reservations = body.Reservations;
      if (!Array.isArray(reservations)) continue;
      reservations.forEach((r: unknown, i: number) => {
        if (isObject(r)) lists.push({ kind: 'Instances', value: r.Instances, at: { file, pointer: `${base}/Reservations/${i}/Instances` } });
      });
    } else {
      lists.push({ kind: key as ListKind, value: body[key], at: { file, pointer: `${base}/${key}` } });
    }
  }
  const entries: EntriesList[] = [];
  if (isPrefixListEntries(body)) {
    const id = text(body, 'PrefixListId') ?? PREFIX_LIST_ID.exec(baseName(file))?.[0];
    const at = { file, pointer: `${base}/Entries` };
    if (id === undefined) {
      problems.add(
        at,
        'prefix list entries (get-managed-prefix-list-entries output) without a prefix list id; expected a top-level "PrefixListId": "pl-…" next to "Entries", or the list id in the file name (e.g. pl-0123456789abcdef0.json)',
      );
    } else {
      entries.push({ prefixListId: id, value: body.Entries, at });
    }
  }
  const result = importLists(file, lists, entries, problems);
  return { result, problems: problems.list };
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
