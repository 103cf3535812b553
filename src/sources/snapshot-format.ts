// synack's own snapshot format (schemas/snapshot.schema.json) → DocumentImport.
import type { InputProblem } from '../model/errors.js';
import type { SnapshotMetadata } from '../model/snapshot.js';
import { childLocation } from '../model/source.js';
import { Problems, type DocumentImport } from './document-import.js';
import { compact, isObject, obj, str, type JsonObject } from './fields.js';
import { importLists, type ApiList, type EntriesList, type ListKind } from './import-lists.js';
import { validateShape } from './validate.js';

export const SNAPSHOT_FORMAT = 'synack-snapshot';
export const SNAPSHOT_VERSION = 1;

const KINDS: readonly ListKind[] = [
  'Vpcs',
  'Subnets',
  'NetworkAcls',
  'SecurityGroups',
  'SecurityGroupRules',
  'NetworkInterfaces',
  'Instances',
  'PrefixLists',
  'RouteTables',
];

export function readSnapshotDocument(body: JsonObject, file: string, base = ''): { result: DocumentImport; problems: InputProblem[] } {
  const problems = new Problems(validateShape('snapshot', body, file, base));
  const resources = obj(body, 'resources') ?? {};
  const at = { file, pointer: `${base}/resources` };
  const lists: ApiList[] = KINDS.filter((k) => k in resources).map((kind) => ({ kind, value: resources[kind], at: childLocation(at, kind) }));
  const entries: EntriesList[] = [];
  const byList = obj(resources, 'PrefixListEntries');
  for (const [id, value] of Object.entries(byList ?? {})) entries.push({ prefixListId: id, value, at: childLocation(at, 'PrefixListEntries', id) });
  const metadata = readMetadata(body.metadata);
  const result = importLists(file, lists, entries, problems, compact({ region: metadata.region }));
  result.metadata = metadata;
  return { result, problems: problems.list };
}

function readMetadata(value: unknown): SnapshotMetadata {
  if (!isObject(value)) return {};
  const tool = obj(value, 'tool');
  const toolName = str(tool, 'name');
  const toolVersion = str(tool, 'version');
  const regions = Array.isArray(value.regions) ? value.regions.filter((r): r is string => typeof r === 'string') : undefined;
  return compact({
    account: str(value, 'account'),
    region: str(value, 'region'),
    regions,
    fetchedAt: str(value, 'fetchedAt'),
    tool: toolName !== undefined && toolVersion !== undefined ? { name: toolName, version: toolVersion } : undefined,
  });
}
