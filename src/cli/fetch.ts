import { fetchSnapshot, iamPolicyText, type FetchHooks, type LiveOptions, type ProgressEvent, type ResourceKind, type SnapshotDocument } from '../sources/live/index.js';
import { snapshotText, writeSnapshot } from '../sources/write-snapshot.js';
import { reportError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

export interface FetchOptions {
  readonly live: LiveOptions;
  /** The snapshot file; `-` writes it to stdout. */
  readonly output?: string;
  /** Print the IAM policy instead of reading anything. */
  readonly printIamPolicy?: boolean;
  /** Progress lines on stderr (a person at a terminal, no --quiet). */
  readonly progress: boolean;
  readonly tool: { readonly name: string; readonly version: string };
}

export type SnapshotFetcher = (options: LiveOptions, hooks: FetchHooks) => Promise<SnapshotDocument>;

/**
 * `synack fetch`: read the network from AWS and write it as a synack snapshot, atomically. Exit 0 when
 * written, 2 on any failure the user can act on (credentials, permissions, region, network, output path).
 */
export async function runFetch(opts: FetchOptions, io: CliIo, fetcher: SnapshotFetcher = fetchSnapshot): Promise<ExitCode> {
  try {
    if (opts.printIamPolicy) {
      io.stdout(iamPolicyText());
      return ExitCode.ok;
    }
    const output = opts.output ?? '-';
    const doc = await fetcher(opts.live, { tool: opts.tool, ...progressHooks(opts.progress, io) });
    if (output === '-') io.stdout(snapshotText(doc));
    else await writeSnapshot(output, doc);
    if (opts.progress) io.stderr(`${summary(doc)}${output === '-' ? '' : ` → ${output}`}\n`);
    return ExitCode.ok;
  } catch (err) {
    return reportError(err, io);
  }
}

/** Singular and plural names of each resource kind. */
const KIND_NAMES: Readonly<Record<ResourceKind, readonly [string, string]>> = {
  Vpcs: ['VPC', 'VPCs'],
  Subnets: ['subnet', 'subnets'],
  NetworkAcls: ['network ACL', 'network ACLs'],
  SecurityGroups: ['security group', 'security groups'],
  SecurityGroupRules: ['security group rule', 'security group rules'],
  NetworkInterfaces: ['network interface', 'network interfaces'],
  Instances: ['instance', 'instances'],
  PrefixLists: ['prefix list', 'prefix lists'],
  PrefixListEntries: ['prefix list entry', 'prefix list entries'],
  RouteTables: ['route table', 'route tables'],
};

function count(n: number, kind: ResourceKind): string {
  return `${n} ${KIND_NAMES[kind][n === 1 ? 0 : 1]}`;
}

/** Hooks that print one stderr line per region and resource kind read, e.g. `eu-west-1: 12 security groups`. */
export function progressHooks(enabled: boolean, io: Pick<CliIo, 'stderr'>): Pick<FetchHooks, 'progress' | 'regions'> {
  if (!enabled) return {};
  return {
    regions: (regions) => io.stderr(`reading ${regions.length === 1 ? 'region' : `${regions.length} regions:`} ${regions.join(', ')} from AWS…\n`),
    progress: (e: ProgressEvent) => io.stderr(`${e.region}: ${count(e.count, e.kind)}\n`),
  };
}

function summary(doc: SnapshotDocument): string {
  const r = doc.resources;
  const where = doc.metadata.regions ? `${doc.metadata.regions.length} regions` : (doc.metadata.region ?? '');
  const account = doc.metadata.account !== undefined ? `account ${doc.metadata.account}, ` : '';
  const counts = [
    count(r.Vpcs.length, 'Vpcs'),
    count(r.Subnets.length, 'Subnets'),
    count(r.NetworkAcls.length, 'NetworkAcls'),
    count(r.SecurityGroups.length, 'SecurityGroups'),
    count(r.NetworkInterfaces.length, 'NetworkInterfaces'),
    count(r.Instances.length, 'Instances'),
  ];
  return `read ${account}${where}: ${counts.join(', ')}`;
}
