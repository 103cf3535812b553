// One region's network, read with the EC2 paginators: independent calls in parallel, server-side `vpc-id`
// filters when the read is limited to some VPCs, every call read-only (see actions.ts).
import type * as Ec2 from '@aws-sdk/client-ec2';
import type { Ec2Action } from './actions.js';
import { LiveCallError } from './errors.js';

/** Plain JSON objects (the SDK's output after a JSON round trip: dates as ISO strings). */
export type ApiObject = Record<string, unknown>;

export interface RegionResources {
  readonly Vpcs: ApiObject[];
  readonly Subnets: ApiObject[];
  readonly NetworkAcls: ApiObject[];
  readonly SecurityGroups: ApiObject[];
  readonly SecurityGroupRules: ApiObject[];
  readonly NetworkInterfaces: ApiObject[];
  readonly Instances: ApiObject[];
  readonly PrefixLists: ApiObject[];
  readonly PrefixListEntries: Record<string, ApiObject[]>;
  readonly RouteTables: ApiObject[];
}

export type ResourceKind = Exclude<keyof RegionResources, 'PrefixListEntries'> | 'PrefixListEntries';

/** One resource kind read completely in one region. */
export interface ProgressEvent {
  readonly region: string;
  readonly kind: ResourceKind;
  readonly count: number;
}

export interface RegionRead {
  readonly ec2: typeof Ec2;
  readonly client: Ec2.EC2Client;
  readonly region: string;
  readonly vpcIds?: readonly string[];
  readonly progress?: (event: ProgressEvent) => void;
}

/** EC2 accepts at most 200 values in one filter. */
const FILTER_VALUES = 200;
/** Prefix lists whose entries are read at the same time. */
const ENTRY_READS = 5;

export async function fetchRegion(read: RegionRead): Promise<RegionResources> {
  const { ec2, client } = read;
  const vpcFilter = read.vpcIds?.length ? [{ Name: 'vpc-id', Values: [...read.vpcIds] }] : undefined;
  // A new input object per call: the paginators write MaxResults and NextToken into the one they get.
  const byVpc = (): { Filters?: Ec2.Filter[] } => (vpcFilter ? { Filters: vpcFilter.map((f) => ({ ...f, Values: [...f.Values] })) } : {});
  const done = <T extends unknown[]>(kind: ResourceKind, items: T): T => {
    read.progress?.({ region: read.region, kind, count: items.length });
    return items;
  };
  const list = <P>(action: Ec2Action, pages: () => AsyncIterable<P>, pick: (page: P) => readonly unknown[] | undefined): Promise<ApiObject[]> =>
    collect(read.region, action, pages, pick);

  // Rules are read by group: with a VPC filter, only the groups of those VPCs (the API has no vpc-id filter
  // for rules); without, all of them, together with everything else.
  const allRules = vpcFilter
    ? undefined
    : list('DescribeSecurityGroupRules', () => ec2.paginateDescribeSecurityGroupRules({ client, pageSize: 1000 }, {}), (p) => p.SecurityGroupRules);
  const groups = list('DescribeSecurityGroups', () => ec2.paginateDescribeSecurityGroups({ client, pageSize: 1000 }, byVpc()), (p) => p.SecurityGroups).then(
    (g) => done('SecurityGroups', g),
  );
  const rules = (allRules ?? groups.then((g) => rulesOfGroups(read, g.map((x) => String(x.GroupId))))).then((r) => done('SecurityGroupRules', r));
  const prefixLists = list('DescribeManagedPrefixLists', () => ec2.paginateDescribeManagedPrefixLists({ client, pageSize: 100 }, {}), (p) => p.PrefixLists).then(
    (l) => done('PrefixLists', l),
  );
  const entries = prefixLists.then((l) => prefixListEntries(read, l.map((x) => String(x.PrefixListId)))).then((e) => {
    read.progress?.({ region: read.region, kind: 'PrefixListEntries', count: Object.values(e).reduce((n, x) => n + x.length, 0) });
    return e;
  });
  const [Vpcs, Subnets, NetworkAcls, SecurityGroups, SecurityGroupRules, NetworkInterfaces, Instances, PrefixLists, PrefixListEntries, RouteTables] = await Promise.all([
    list('DescribeVpcs', () => ec2.paginateDescribeVpcs({ client, pageSize: 1000 }, byVpc()), (p) => p.Vpcs).then((x) => done('Vpcs', x)),
    list('DescribeSubnets', () => ec2.paginateDescribeSubnets({ client, pageSize: 1000 }, byVpc()), (p) => p.Subnets).then((x) => done('Subnets', x)),
    list('DescribeNetworkAcls', () => ec2.paginateDescribeNetworkAcls({ client, pageSize: 1000 }, byVpc()), (p) => p.NetworkAcls).then((x) => done('NetworkAcls', x)),
    groups,
    rules,
    list('DescribeNetworkInterfaces', () => ec2.paginateDescribeNetworkInterfaces({ client, pageSize: 1000 }, byVpc()), (p) => p.NetworkInterfaces).then((x) =>
      done('NetworkInterfaces', x),
    ),
    // describe-instances answers reservations; the snapshot keeps the instances flat.
    list('DescribeInstances', () => ec2.paginateDescribeInstances({ client, pageSize: 1000 }, byVpc()), (p) => (p.Reservations ?? []).flatMap((r) => r.Instances ?? [])).then(
      (x) => done('Instances', x),
    ),
    prefixLists,
    entries,
    list('DescribeRouteTables', () => ec2.paginateDescribeRouteTables({ client, pageSize: 100 }, byVpc()), (p) => p.RouteTables).then((x) => done('RouteTables', x)),
  ]);
  return { Vpcs, Subnets, NetworkAcls, SecurityGroups, SecurityGroupRules, NetworkInterfaces, Instances, PrefixLists, PrefixListEntries, RouteTables };
}

async function rulesOfGroups(read: RegionRead, groupIds: readonly string[]): Promise<ApiObject[]> {
  const { ec2, client } = read;
  const chunks: string[][] = [];
  for (let i = 0; i < groupIds.length; i += FILTER_VALUES) chunks.push(groupIds.slice(i, i + FILTER_VALUES));
  const lists = await Promise.all(
    chunks.map((ids) =>
      collect(
        read.region,
        'DescribeSecurityGroupRules',
        () => ec2.paginateDescribeSecurityGroupRules({ client, pageSize: 1000 }, { Filters: [{ Name: 'group-id', Values: ids }] }),
        (p) => p.SecurityGroupRules,
      ),
    ),
  );
  return lists.flat();
}

async function prefixListEntries(read: RegionRead, ids: readonly string[]): Promise<Record<string, ApiObject[]>> {
  const { ec2, client } = read;
  const out: Record<string, ApiObject[]> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++] as string;
      out[id] = await collect(
        read.region,
        'GetManagedPrefixListEntries',
        () => ec2.paginateGetManagedPrefixListEntries({ client, pageSize: 100 }, { PrefixListId: id }),
        (p) => p.Entries,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(ENTRY_READS, ids.length) }, worker));
  // In the order of the lists, whatever order the answers came in.
  return Object.fromEntries(ids.map((id) => [id, out[id] ?? []]));
}

/** Every page of one paginated call, joined; a failure names the action (for the IAM hint) and region. */
async function collect<P>(region: string, action: Ec2Action, pages: () => AsyncIterable<P>, pick: (page: P) => readonly unknown[] | undefined): Promise<ApiObject[]> {
  const out: ApiObject[] = [];
  try {
    for await (const page of pages()) out.push(...((pick(page) ?? []) as ApiObject[]));
  } catch (err) {
    throw new LiveCallError('ec2', action, region, err);
  }
  return JSON.parse(JSON.stringify(out)) as ApiObject[];
}
