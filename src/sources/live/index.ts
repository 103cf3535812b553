// A live source: the network read from AWS with the SDK (loaded on first use) → a synack snapshot document
// (schemas/snapshot.schema.json), validated. Only Describe*/Get* calls (actions.ts).
import type * as Ec2 from '@aws-sdk/client-ec2';
import { InputError, type InputProblem } from '../../model/errors.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../snapshot-format.js';
import { validateShape } from '../validate.js';
import { liveProblem, LiveCallError } from './errors.js';
import { fetchRegion, type ApiObject, type ProgressEvent, type RegionResources } from './fetch-region.js';
import { assertLiveOptions, DEFAULT_REQUEST_TIMEOUT_MS, type LiveOptions } from './options.js';
import { clientConfig, credentialsProvider, loadSdk, type Sdk } from './sdk.js';

export { EC2_ACTIONS, STS_ACTIONS, iamPolicy, iamPolicyText } from './actions.js';
export { checkLiveOptions, type LiveOptions } from './options.js';
export type { ProgressEvent, ResourceKind } from './fetch-region.js';

/** The snapshot document `synack fetch` writes. */
export interface SnapshotDocument {
  readonly $schema: string;
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly metadata: {
    readonly account?: string;
    readonly region?: string;
    readonly regions?: readonly string[];
    readonly fetchedAt: string;
    readonly tool: { readonly name: string; readonly version: string };
  };
  readonly resources: Omit<RegionResources, 'PrefixListEntries'> & { readonly PrefixListEntries: Record<string, ApiObject[]> };
}

export interface FetchHooks {
  /** Name and version written in the metadata. */
  readonly tool: { readonly name: string; readonly version: string };
  /** Called as each resource kind of each region is read completely. */
  readonly progress?: (event: ProgressEvent) => void;
  /** Called once the regions are known. */
  readonly regions?: (regions: readonly string[]) => void;
  readonly now?: () => Date;
}

export const SNAPSHOT_SCHEMA_URL = 'https://synack.dev/schemas/snapshot.schema.json';

/** Regions read at the same time (each with its own parallel calls). */
const PARALLEL_REGIONS = 4;

/**
 * Reads the network of the account (or of `vpcIds`) in the regions the options name. Throws InputError
 * with one actionable line for user-side failures (credentials, permissions, region, network, timeouts,
 * malformed answers); anything else is a bug and propagates as is.
 */
export async function fetchSnapshot(options: LiveOptions, hooks: FetchHooks): Promise<SnapshotDocument> {
  assertLiveOptions(options);
  const sdk = await loadSdk();
  const context = { ...options, requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS };
  const clients: { destroy(): void }[] = [];
  const newClient = (region: string | undefined): Ec2.EC2Client => {
    const client = new sdk.ec2.EC2Client({ ...clientConfig(options, region), credentials });
    clients.push(client);
    return client;
  };
  let credentials: ReturnType<typeof credentialsProvider> | undefined;
  let home: string | undefined = options.regions?.[0];
  try {
    // The region the SDK would use (flag, AWS_REGION, the profile) — for DescribeRegions, STS and AssumeRole.
    home ??= await defaultRegion(sdk, options);
    credentials = credentialsProvider(sdk, options, home ?? 'us-east-1');
    try {
      await credentials();
    } catch (err) {
      throw options.roleArn !== undefined ? new LiveCallError('sts', 'AssumeRole', home, err) : err;
    }
    const regions = options.regions?.length ? [...new Set(options.regions)] : options.allRegions ? await enabledRegions(sdk, newClient(home ?? 'us-east-1')) : [home as string];
    hooks.regions?.(regions);
    const account = callerAccount(sdk, options, credentials, home ?? regions[0] ?? 'us-east-1');
    const perRegion = await mapLimited(regions, PARALLEL_REGIONS, (region) =>
      fetchRegion({ ec2: sdk.ec2, client: newClient(region), region, ...(options.vpcIds ? { vpcIds: options.vpcIds } : {}), ...(hooks.progress ? { progress: hooks.progress } : {}) }),
    );
    checkVpcsFound(options, regions, perRegion);
    const doc = snapshotDocument(regions, perRegion, await account, hooks);
    const problems = validateShape('snapshot', doc, 'the snapshot read from AWS');
    if (problems.length) throw new InputError(problems.map((p) => ({ ...p, message: `malformed data from AWS: ${p.message}` })));
    return doc;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const problem = liveProblem(err, { ...context, ...(home !== undefined ? { region: home } : {}) });
    if (problem === undefined) throw err instanceof LiveCallError ? err.cause : err;
    throw new InputError([problem]);
  } finally {
    for (const c of clients) c.destroy();
  }
}

async function defaultRegion(sdk: Sdk, options: LiveOptions): Promise<string | undefined> {
  const probe = new sdk.ec2.EC2Client(clientConfig(options, undefined));
  try {
    return await probe.config.region();
  } catch (err) {
    // No region anywhere: fine for --all-regions (DescribeRegions from us-east-1), an error otherwise.
    if (options.allRegions) return undefined;
    throw err;
  } finally {
    probe.destroy();
  }
}

async function enabledRegions(sdk: Sdk, client: Ec2.EC2Client): Promise<string[]> {
  const region = await client.config.region();
  try {
    const out = await client.send(new sdk.ec2.DescribeRegionsCommand({ AllRegions: false }));
    return (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => typeof r === 'string').sort();
  } catch (err) {
    throw new LiveCallError('ec2', 'DescribeRegions', region, err);
  }
}

/** The account id for the metadata: sts:GetCallerIdentity, best effort (omitted when it fails). */
async function callerAccount(sdk: Sdk, options: LiveOptions, credentials: ReturnType<typeof credentialsProvider>, region: string): Promise<string | undefined> {
  const client = new sdk.sts.STSClient({ ...clientConfig(options, region), credentials });
  try {
    const out = await client.send(new sdk.sts.GetCallerIdentityCommand({}));
    return out.Account;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}

function checkVpcsFound(options: LiveOptions, regions: readonly string[], perRegion: readonly RegionResources[]): void {
  if (!options.vpcIds?.length) return;
  const found = new Set(perRegion.flatMap((r) => r.Vpcs.map((v) => v.VpcId)));
  const problems: InputProblem[] = options.vpcIds
    .filter((id) => !found.has(id))
    .map((id) => ({
      file: '--vpc-id',
      message: `VPC ${id} not found in ${regions.join(', ')}; check the id, --region and the account (--profile, --role-arn)`,
    }));
  if (problems.length) throw new InputError(problems);
}

function snapshotDocument(regions: readonly string[], perRegion: readonly RegionResources[], account: string | undefined, hooks: FetchHooks): SnapshotDocument {
  const several = regions.length > 1;
  const all = <K extends Exclude<keyof RegionResources, 'PrefixListEntries'>>(key: K): ApiObject[] =>
    perRegion.flatMap((r, i) =>
      // With several regions, each VPC says where it is (the snapshot's metadata cannot).
      key === 'Vpcs' && several ? r[key].map((v) => ({ ...v, Region: regions[i] })) : r[key],
    );
  return {
    $schema: SNAPSHOT_SCHEMA_URL,
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    metadata: {
      ...(account !== undefined ? { account } : {}),
      ...(several ? { regions: [...regions] } : { region: regions[0] as string }),
      fetchedAt: (hooks.now ?? (() => new Date()))().toISOString(),
      tool: { name: hooks.tool.name, version: hooks.tool.version },
    },
    resources: {
      Vpcs: all('Vpcs'),
      Subnets: all('Subnets'),
      NetworkAcls: all('NetworkAcls'),
      SecurityGroups: all('SecurityGroups'),
      SecurityGroupRules: all('SecurityGroupRules'),
      NetworkInterfaces: all('NetworkInterfaces'),
      Instances: all('Instances'),
      PrefixLists: all('PrefixLists'),
      PrefixListEntries: Object.assign({}, ...perRegion.map((r) => r.PrefixListEntries)) as Record<string, ApiObject[]>,
      RouteTables: all('RouteTables'),
    },
  };
}

/** `fn` over `items`, at most `limit` at a time; after a failure no further item is started. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i] as T);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
