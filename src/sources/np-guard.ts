// np-guard vpc-network-config-analyzer collector output (snake_case lists of SDK objects) → DocumentImport.
import type { InputProblem } from '../model/errors.js';
import { Problems, type DocumentImport } from './document-import.js';
import type { JsonObject } from './fields.js';
import { importLists, type ApiList, type ListKind } from './import-lists.js';
import { validateShape } from './validate.js';

const LISTS: Readonly<Record<string, ListKind>> = {
  vpcs: 'Vpcs',
  subnets: 'Subnets',
  network_acls: 'NetworkAcls',
  security_groups: 'SecurityGroups',
  instances: 'Instances',
};

export function readNpGuardDocument(body: JsonObject, file: string, base = ''): { result: DocumentImport; problems: InputProblem[] } {
  const problems = new Problems(validateShape('np-guard', body, file, base));
  const lists: ApiList[] = Object.entries(LISTS)
    .filter(([key]) => key in body)
    .map(([key, kind]) => ({ kind, value: body[key], at: { file, pointer: `${base}/${key}` } }));
  return { result: importLists(file, lists, [], problems), problems: problems.list };
}
