import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../src/sources/index.js';
import { startEc2Server, type Ec2Server, type Ec2ServerOptions, type Fault, type Json, type RecordedRequest } from './ec2-server.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, THREE_TIER, awsEnv, extrasData, runSynack, tempDir, threeTierData, withoutSources, type CliRun } from './helpers.js';

/**
 * `synack fetch` as a user runs it — the built CLI in a child process, the real AWS SDK — against a local
 * EC2 Query API server holding examples/three-tier (test/live/ec2-server.ts).
 */
let server: Ec2Server | undefined;
let temp: ReturnType<typeof tempDir>;
/** Every request any test's server received (the read-only check at the end). */
const everyRequest: RecordedRequest[] = [];

beforeEach(() => {
  temp = tempDir();
});

afterEach(async () => {
  if (server) {
    everyRequest.push(...server.requests);
    await server.close();
    server = undefined;
  }
  temp.cleanup();
});

async function serve(options: Partial<Ec2ServerOptions> = {}): Promise<Ec2Server> {
  server = await startEc2Server({ regions: { 'eu-west-1': threeTierData() }, pageSize: 2, ...options });
  return server;
}

function fetchArgs(s: Ec2Server, ...more: string[]): string[] {
  return ['fetch', '--region', 'eu-west-1', '--endpoint-url', s.url, '--request-timeout', '2', ...more];
}

function out(): string {
  return path.join(temp.dir, 'snapshot.json');
}

/** Every run: no stack trace, no credentials, no SDK warning. */
function expectCleanStderr(r: CliRun): void {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain(SECRET_ACCESS_KEY);
  expect(r.stderr).not.toContain(ACCESS_KEY_ID);
  expect(r.stderr).not.toMatch(/NodeVersionSupportWarning|node-http-handler|Warning:/);
}

/**
 * The resources of examples/three-tier as the snapshot keeps them: instances flat (not in reservations), and
 * without the two fields the example gives its instances' interface attachments that the EC2 API does not
 * have there (InstanceNetworkInterfaceAttachment has no InstanceId/InstanceOwnerId; the SDK drops them).
 */
function exampleResources(): Record<string, unknown> {
  const d = threeTierData();
  const instances = (d.Reservations ?? []).flatMap((r) => r.Instances as Json[]);
  for (const i of instances) {
    for (const eni of (i.NetworkInterfaces ?? []) as { Attachment?: Record<string, unknown> }[]) {
      if (eni.Attachment) eni.Attachment = Object.fromEntries(Object.entries(eni.Attachment).filter(([k]) => k !== 'InstanceId' && k !== 'InstanceOwnerId'));
    }
  }
  return {
    Vpcs: d.Vpcs,
    Subnets: d.Subnets,
    NetworkAcls: d.NetworkAcls,
    SecurityGroups: d.SecurityGroups,
    SecurityGroupRules: [],
    NetworkInterfaces: d.NetworkInterfaces,
    Instances: instances,
    PrefixLists: [],
    PrefixListEntries: {},
    RouteTables: [],
  };
}

describe('synack fetch: the snapshot', () => {
  it('holds every object of every page, and loads into the same model as the AWS CLI exports of the same data', async () => {
    const s = await serve();
    const r = await runSynack(fetchArgs(s, '-o', out()), awsEnv(temp.dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');

    // Two objects per page: the larger lists took several requests, joined in order.
    const pages = s.requests.filter((q) => q.action === 'DescribeNetworkAcls');
    expect(pages.map((q) => q.params.NextToken)).toEqual([undefined, 'page-2']);
    expect(s.requests.filter((q) => q.action === 'DescribeNetworkInterfaces').length).toBeGreaterThan(2);

    const doc = JSON.parse(readFileSync(out(), 'utf8')) as { format: string; version: number; metadata: Record<string, unknown>; resources: unknown };
    expect(doc.format).toBe('synack-snapshot');
    expect(doc.version).toBe(1);
    expect(doc.metadata).toEqual({ account: '123456789012', region: 'eu-west-1', fetchedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), tool: { name: 'synack', version: expect.any(String) } });
    // The very objects of the example, as the SDK read them back from EC2's XML.
    expect(doc.resources).toEqual(exampleResources());

    const live = await loadSnapshot([out()]);
    const files = await loadSnapshot([THREE_TIER]);
    const model = (x: typeof live) => withoutSources({ ...x.snapshot, metadata: {}, inputs: [], vpcs: x.snapshot.vpcs.map((v) => ({ ...v, region: undefined })) });
    expect(model(live)).toEqual(model(files));
    expect(live.snapshot.vpcs[0]?.region).toBe('eu-west-1');
  });

  it('reads security group rules, prefix lists with their entries (paginated) and route tables', async () => {
    const s = await serve({ regions: { 'us-east-1': extrasData() } });
    const r = await runSynack(['fetch', '--region', 'us-east-1', '--endpoint-url', s.url, '-o', out()], awsEnv(temp.dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out(), 'utf8')) as { resources: Record<string, unknown> };
    const extras = extrasData();
    expect(doc.resources.SecurityGroupRules).toEqual(extras.SecurityGroupRules);
    expect(doc.resources.PrefixLists).toEqual(extras.PrefixLists);
    expect(doc.resources.PrefixListEntries).toEqual(extras.PrefixListEntries);
    expect(doc.resources.RouteTables).toEqual(extras.RouteTables);
    // One GetManagedPrefixListEntries per list, and the three entries of the first took two pages.
    const entryCalls = s.requests.filter((q) => q.action === 'GetManagedPrefixListEntries');
    expect(entryCalls.map((q) => `${q.params.PrefixListId} ${q.params.NextToken ?? ''}`).sort()).toEqual([
      'pl-0e0e0e0e0e0e0e0e1 ',
      'pl-0e0e0e0e0e0e0e0e1 page-2',
      'pl-63a5400a ',
    ]);
    const loaded = await loadSnapshot([out()]);
    const office = loaded.snapshot.prefixLists.find((p) => p.id === 'pl-0e0e0e0e0e0e0e0e1');
    expect(office?.cidrs?.map((c) => c.text)).toEqual(['198.51.100.0/24', '203.0.113.0/25', '192.0.2.0/26']);
    const web = loaded.snapshot.securityGroups.find((g) => g.id === 'sg-0e0e0e0e0e0e0e0e1');
    expect(web?.ingress.map((x) => x.ruleId)).toEqual(['sgr-0e0e0e0e0e0e0e0e1']);
  });

  it('writes to stdout with -o -', async () => {
    const s = await serve();
    const r = await runSynack(fetchArgs(s, '-o', '-'), awsEnv(temp.dir));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { resources: unknown }).resources).toEqual(exampleResources());
  });

  it('reads every enabled region with --all-regions, and says which region each VPC is in', async () => {
    const s = await serve({ regions: { 'eu-west-1': threeTierData(), 'us-east-1': extrasData() } });
    const r = await runSynack(['fetch', '--all-regions', '--endpoint-url', s.url, '-o', out()], awsEnv(temp.dir, { AWS_REGION: 'eu-west-1' }));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(out(), 'utf8')) as { metadata: { regions: string[] }; resources: { Vpcs: { VpcId: string; Region: string }[] } };
    expect(doc.metadata.regions).toEqual(['eu-west-1', 'us-east-1']);
    expect(doc.resources.Vpcs.map((v) => `${v.VpcId} ${v.Region}`)).toEqual(['vpc-0a1b2c3d4e5f60001 eu-west-1', 'vpc-0e0e0e0e0e0e0e0e1 us-east-1']);
    expect(new Set(s.requests.filter((q) => q.action === 'DescribeSubnets').map((q) => q.region))).toEqual(new Set(['eu-west-1', 'us-east-1']));
    const loaded = await loadSnapshot([out()]);
    expect(loaded.snapshot.vpcs.map((v) => v.region)).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('uses the region of the profile when no --region is given', async () => {
    const s = await serve();
    writeFileSync(path.join(temp.dir, 'aws-config'), '[profile shop]\nregion = eu-west-1\n');
    writeFileSync(path.join(temp.dir, 'aws-credentials'), `[shop]\naws_access_key_id = ${ACCESS_KEY_ID}\naws_secret_access_key = ${SECRET_ACCESS_KEY}\n`);
    const r = await runSynack(['fetch', '--profile', 'shop', '--endpoint-url', s.url, '-o', out()], awsEnv(temp.dir, {}, false));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(new Set(s.requests.map((q) => q.region))).toEqual(new Set(['eu-west-1']));
    expect(new Set(s.requests.map((q) => q.accessKeyId))).toEqual(new Set([ACCESS_KEY_ID]));
  });
});

describe('synack fetch: the calls it makes', () => {
  it('filters by VPC on the server with --vpc-id, and reads the rules of those VPCs’ groups only', async () => {
    const s = await serve({ regions: { 'eu-west-1': { ...threeTierData(), SecurityGroupRules: extrasData().SecurityGroupRules } } });
    const r = await runSynack(fetchArgs(s, '--vpc-id', 'vpc-0a1b2c3d4e5f60001', '-o', out()), awsEnv(temp.dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const vpcFiltered = ['DescribeVpcs', 'DescribeSubnets', 'DescribeNetworkAcls', 'DescribeSecurityGroups', 'DescribeNetworkInterfaces', 'DescribeInstances', 'DescribeRouteTables'];
    for (const action of vpcFiltered) {
      const calls = s.requests.filter((q) => q.action === action);
      expect(calls.length, action).toBeGreaterThan(0);
      for (const q of calls) expect([q.params['Filter.1.Name'], q.params['Filter.1.Value.1'], q.params['Filter.2.Name']], action).toEqual(['vpc-id', 'vpc-0a1b2c3d4e5f60001', undefined]);
    }
    const rules = s.requests.filter((q) => q.action === 'DescribeSecurityGroupRules');
    expect(rules.length).toBeGreaterThan(0);
    for (const q of rules) expect(q.params['Filter.1.Name']).toBe('group-id');
    const groupIds = Object.entries(rules[0]?.params ?? {})
      .filter(([k]) => k.startsWith('Filter.1.Value.'))
      .map(([, v]) => v)
      .sort();
    expect(groupIds).toEqual(['sg-0alb0000000000001', 'sg-0app0000000000001', 'sg-0db00000000000001']);
    // The rules of another VPC's group stayed on the server.
    const doc = JSON.parse(readFileSync(out(), 'utf8')) as { resources: { SecurityGroupRules: unknown[] } };
    expect(doc.resources.SecurityGroupRules).toEqual([]);
  });

  it('sends no filter without --vpc-id, and asks for large pages within each API’s limits', async () => {
    const s = await serve();
    const r = await runSynack(fetchArgs(s, '-o', out()), awsEnv(temp.dir));
    expect(r.code).toBe(0);
    for (const q of s.requests) expect(Object.keys(q.params).filter((k) => k.startsWith('Filter.')), q.action).toEqual([]);
    // The server answers InvalidParameterValue to a MaxResults out of range; none was.
    expect(s.requests.find((q) => q.action === 'DescribeRouteTables')?.params.MaxResults).toBe('100');
    expect(s.requests.find((q) => q.action === 'DescribeVpcs')?.params.MaxResults).toBe('1000');
  });

  it('reports a --vpc-id that is not in the region', async () => {
    const s = await serve();
    const r = await runSynack(fetchArgs(s, '--vpc-id', 'vpc-0ffffffffffffffff', '-o', out()), awsEnv(temp.dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('--vpc-id: VPC vpc-0ffffffffffffffff not found in eu-west-1; check the id, --region and the account (--profile, --role-arn)\n');
    expect(existsSync(out())).toBe(false);
  });

  it('retries throttled calls (503 RequestLimitExceeded) and succeeds', async () => {
    const s = await serve({ faults: { DescribeNetworkAcls: [{ kind: 'throttle' }, { kind: 'throttle' }] } });
    const r = await runSynack(fetchArgs(s, '-o', out()), awsEnv(temp.dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Two throttled attempts, then the two pages.
    expect(s.requests.filter((q) => q.action === 'DescribeNetworkAcls').map((q) => q.params.NextToken ?? 'first')).toEqual(['first', 'first', 'first', 'page-2']);
    const doc = JSON.parse(readFileSync(out(), 'utf8')) as { resources: { NetworkAcls: unknown[] } };
    expect(doc.resources.NetworkAcls).toEqual(threeTierData().NetworkAcls);
  });

  it('assumes --role-arn first and reads with the role’s credentials', async () => {
    const s = await serve();
    const role = 'arn:aws:iam::210987654321:role/synack-audit';
    const r = await runSynack(fetchArgs(s, '--role-arn', role, '-o', out()), awsEnv(temp.dir));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const assume = s.requests.filter((q) => q.action === 'AssumeRole');
    expect(assume).toHaveLength(1);
    expect(assume[0]?.params.RoleArn).toBe(role);
    expect(assume[0]?.accessKeyId).toBe(ACCESS_KEY_ID);
    for (const q of s.requests.filter((x) => x.service === 'ec2')) expect(q.accessKeyId).toBe('ASIAASSUMEDROLETEST1');
    expect(r.stderr).not.toContain('assumedSecretKey');
  });
});

describe('synack fetch: failures are one line on stderr, exit 2, and leave no file', () => {
  const deny = (code: string, message: string, status = 403): Fault => ({ kind: 'error', status, code, message });

  it.each<[string, Record<string, Fault[] | { always: Fault }>, RegExp]>([
    [
      'a missing IAM permission names the action',
      { DescribeSecurityGroupRules: [deny('UnauthorizedOperation', 'You are not authorized to perform this operation. Encoded authorization failure message: AbCdEf123')] },
      /^aws eu-west-1: ec2:DescribeSecurityGroupRules is not allowed for these credentials \(UnauthorizedOperation\); grant the IAM permission ec2:DescribeSecurityGroupRules to the caller — `synack fetch --print-iam-policy` prints the read-only policy synack needs\n$/,
    ],
    [
      'AccessDenied on the prefix list entries',
      { GetManagedPrefixListEntries: { always: deny('AccessDenied', 'User is not authorized') } },
      /^aws us-east-1: ec2:GetManagedPrefixListEntries is not allowed for these credentials \(AccessDenied\); grant .*\n$/,
    ],
    [
      'expired credentials',
      { DescribeVpcs: { always: deny('RequestExpired', 'Request has expired.', 400) } },
      /^aws (eu-west-1|us-east-1): the AWS credentials have expired \(RequestExpired\); refresh them .* and run again\n$/,
    ],
    [
      'an expired session token',
      { DescribeSubnets: { always: deny('ExpiredToken', 'The security token included in the request is expired', 400) } },
      /^aws (eu-west-1|us-east-1): the AWS credentials have expired \(ExpiredToken\); .*\n$/,
    ],
    [
      'credentials AWS does not know',
      { DescribeInstances: { always: deny('AuthFailure', 'AWS was not able to validate the provided access credentials', 401) } },
      /^aws (eu-west-1|us-east-1): AWS rejected the credentials \(AuthFailure\): .*\n$/,
    ],
    [
      'a region not enabled for the account',
      { DescribeVpcs: { always: deny('OptInRequired', 'You are not subscribed to this service.', 401) } },
      /^aws (eu-west-1|us-east-1): region (eu-west-1|us-east-1) is not enabled for this account \(OptInRequired\); .*\n$/,
    ],
    [
      'throttling that does not stop',
      { DescribeRouteTables: { always: { kind: 'throttle' } } },
      /^aws (eu-west-1|us-east-1): AWS kept throttling ec2:DescribeRouteTables \(RequestLimitExceeded\) after 3 attempts; try again later, .*\n$/,
    ],
    [
      'a malformed response',
      { DescribeNetworkInterfaces: { always: { kind: 'malformed' } } },
      /^aws (eu-west-1|us-east-1): malformed response from http:\/\/127\.0\.0\.1:\d+ to ec2:DescribeNetworkInterfaces: not the XML the EC2 API answers with; check that --endpoint-url is an EC2 endpoint\n$/,
    ],
    [
      'an unexpected AWS error keeps its code and message',
      { DescribeManagedPrefixLists: { always: deny('InternalError', 'An internal error has occurred', 500) } },
      /^aws (eu-west-1|us-east-1): ec2:DescribeManagedPrefixLists failed: InternalError \(HTTP 500\): An internal error has occurred\n$/,
    ],
  ])('%s', async (_, faults, message) => {
    const region = Object.keys(faults)[0] === 'GetManagedPrefixListEntries' ? 'us-east-1' : 'eu-west-1';
    const s = await serve({ regions: { [region]: region === 'us-east-1' ? extrasData() : threeTierData() }, faults });
    writeFileSync(out(), 'the previous snapshot\n');
    const r = await runSynack(['fetch', '--region', region, '--endpoint-url', s.url, '--request-timeout', '2', '-o', out()], awsEnv(temp.dir));
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expectCleanStderr(r);
    expect(r.stderr).not.toContain('AbCdEf123');
    // The earlier snapshot is untouched and no temporary file is left behind.
    expect(readFileSync(out(), 'utf8')).toBe('the previous snapshot\n');
    expect(readdirSync(temp.dir).sort()).toEqual(['aws-config', 'aws-credentials', 'snapshot.json']);
  });

  it('a slow endpoint times out (--request-timeout) after the retries', async () => {
    // The server would answer after a minute: finishing well before proves the client gave up on its own.
    const s = await serve({ faults: { DescribeSecurityGroups: { always: { kind: 'slow', ms: 60_000 } } } });
    const started = Date.now();
    const r = await runSynack(['fetch', '--region', 'eu-west-1', '--endpoint-url', s.url, '--request-timeout', '0.2', '-o', out()], awsEnv(temp.dir));
    expect(r.stderr).toMatch(
      /^aws eu-west-1: no answer from http:\/\/127\.0\.0\.1:\d+ to ec2:DescribeSecurityGroups within 0\.2 s after 3 attempts; check the network \(proxy, firewall\) and --endpoint-url, or allow more time with --request-timeout\n$/,
    );
    expect(r.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(existsSync(out())).toBe(false);
    expectCleanStderr(r);
  });

  it('an endpoint nobody listens on', async () => {
    const s = await serve();
    const url = s.url;
    await s.close();
    server = undefined;
    const r = await runSynack(['fetch', '--region', 'eu-west-1', '--endpoint-url', url, '-o', out()], awsEnv(temp.dir));
    expect(r.stderr).toMatch(/^aws eu-west-1: cannot reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); check --endpoint-url, the network, proxy and firewall\n$/);
    expect(r.code).toBe(2);
    expect(existsSync(out())).toBe(false);
  });

  it('no credentials anywhere: says how to configure them, and calls nothing', async () => {
    const s = await serve();
    const r = await runSynack(fetchArgs(s, '-o', out()), awsEnv(temp.dir, {}, false));
    expect(r.stderr).toMatch(/^aws eu-west-1: no AWS credentials found: synack reads them like the AWS CLI does; configure them with `aws configure` .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.*--profile NAME or AWS_PROFILE\n$/);
    expect(r.code).toBe(2);
    expect(s.requests).toEqual([]);
  });

  it('a profile that does not exist', async () => {
    const s = await serve();
    const r = await runSynack(fetchArgs(s, '--profile', 'nope', '-o', out()), awsEnv(temp.dir, {}, false));
    expect(r.stderr).toMatch(/^aws eu-west-1: no AWS credentials for profile "nope": the profile is not in the AWS config or credentials files, or has no credentials; `aws configure list-profiles` lists the profiles, .*\n$/);
    expect(r.code).toBe(2);
  });

  it('a role that cannot be assumed', async () => {
    const s = await serve({ faults: { AssumeRole: [deny('AccessDenied', 'User: arn:aws:iam::123456789012:user/test is not authorized to perform: sts:AssumeRole')] } });
    const r = await runSynack(fetchArgs(s, '--role-arn', 'arn:aws:iam::210987654321:role/audit', '-o', out()), awsEnv(temp.dir));
    expect(r.stderr).toBe(
      "aws eu-west-1: cannot assume role arn:aws:iam::210987654321:role/audit (AccessDenied): the caller needs sts:AssumeRole on it and the role's trust policy must allow the caller; check --role-arn and the credentials\n",
    );
    expect(r.code).toBe(2);
    expect(s.requests.filter((q) => q.service === 'ec2')).toEqual([]);
  });

  it('no region given or configured', async () => {
    const s = await serve();
    const r = await runSynack(['fetch', '--endpoint-url', s.url, '-o', out()], awsEnv(temp.dir));
    expect(r.stderr).toBe('--region: no AWS region given or configured; pass --region REGION (or --all-regions), set AWS_REGION, or set region in the profile (`aws configure`)\n');
    expect(r.code).toBe(2);
  });

  it.each<[string[], string | RegExp]>([
    [['--region', 'mars', '-o', 'OUT'], '--region: "mars" is not an AWS region name; expected one like eu-west-1 or us-east-1\n'],
    [['--region', 'eu-west-1', '--vpc-id', 'shop', '-o', 'OUT'], '--vpc-id: "shop" is not a VPC id; expected one like vpc-0a1b2c3d4e5f60001\n'],
    [['--region', 'eu-west-1', '--role-arn', 'audit', '-o', 'OUT'], '--role-arn: "audit" is not an IAM role ARN; expected arn:aws:iam::<account id>:role/<name>\n'],
    [
      ['--region', 'eu-west-1', '--endpoint-url', 'localhost', '-o', 'OUT'],
      '--endpoint-url: "localhost" is not an http(s) URL; expected one like https://ec2.eu-west-1.amazonaws.com or http://localhost:4566\n',
    ],
    [['--region', 'eu-west-1', '--request-timeout', '0', '-o', 'OUT'], /^synack: Parsing --request-timeout: Expected a positive number of seconds but received: 0 \(see --help\)\n$/],
    [['--region', 'eu-west-1'], /^synack: Exactly one of the following must be provided: --output, --print-iam-policy \(see --help\)\n$/],
    [['--region', 'eu-west-1', '--all-regions', '-o', 'OUT'], /^synack: --region=eu-west-1 cannot also be provided when using --all-regions \(see --help\)\n$/],
  ])('usage: %j', async (args, message) => {
    const r = await runSynack(['fetch', ...args.map((a) => (a === 'OUT' ? out() : a))], awsEnv(temp.dir));
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(out())).toBe(false);
  });

  it('an output folder that does not exist', async () => {
    const s = await serve();
    const target = path.join(temp.dir, 'missing', 'snapshot.json');
    const r = await runSynack(fetchArgs(s, '-o', target), awsEnv(temp.dir));
    expect(r.stderr).toBe(`${target}: cannot write the snapshot: the folder does not exist\n`);
    expect(r.code).toBe(2);
  });
});

afterAll(() => {
  // Read-only: over every test above, only Describe*/Get* calls (and sts:AssumeRole for --role-arn).
  expect(everyRequest.length).toBeGreaterThan(0);
  const writes = everyRequest.filter((q) => !/^(Describe|Get)[A-Z]/.test(q.action) && !(q.service === 'sts' && q.action === 'AssumeRole'));
  expect(writes.map((q) => q.action)).toEqual([]);
});
