// A local stand-in for the EC2 (and STS) Query API, enough for `synack fetch`: the real AWS SDK talks to it
// over HTTP through --endpoint-url. Form-encoded POST requests (`Action=Describe…&Version=2016-11-15`),
// XML responses in the EC2 namespace, NextToken pagination, `Filter.N.Name` / `Filter.N.Value.M` filters,
// and faults on demand: throttling, AWS errors, malformed bodies, slow responses.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The API objects of one region, in the PascalCase shapes the AWS CLI prints (examples/*.json). */
export interface Ec2Data {
  Vpcs?: readonly Json[];
  Subnets?: readonly Json[];
  NetworkAcls?: readonly Json[];
  SecurityGroups?: readonly Json[];
  SecurityGroupRules?: readonly Json[];
  NetworkInterfaces?: readonly Json[];
  Reservations?: readonly Json[];
  PrefixLists?: readonly Json[];
  /** get-managed-prefix-list-entries results by prefix list id. */
  PrefixListEntries?: Readonly<Record<string, readonly Json[]>>;
  RouteTables?: readonly Json[];
}

export type Json = Readonly<Record<string, unknown>>;

export type Fault =
  /** 503 RequestLimitExceeded, as EC2 throttles. */
  | { readonly kind: 'throttle' }
  /** An AWS error response (EC2's `<Response><Errors><Error>` or STS's `<ErrorResponse>`). */
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string }
  /** 200 with a body that is not XML. */
  | { readonly kind: 'malformed' }
  /** Answers after `ms` milliseconds (longer than the client's timeout). */
  | { readonly kind: 'slow'; readonly ms: number };

export interface Ec2ServerOptions {
  /** Data by region (from the request's signature); `*` serves every region without its own entry. */
  readonly regions: Readonly<Record<string, Ec2Data>>;
  /** Items per page (the request's MaxResults lowers it); default 1000. */
  readonly pageSize?: number;
  /** Faults by action, used one per request in order; `always` repeats the last one forever. */
  readonly faults?: Readonly<Record<string, readonly Fault[] | { readonly always: Fault }>>;
  /** Enabled regions (DescribeRegions); default the keys of `regions` other than `*`. */
  readonly enabledRegions?: readonly string[];
  readonly account?: string;
}

export interface RecordedRequest {
  readonly action: string;
  /** The decoded form parameters. */
  readonly params: Readonly<Record<string, string>>;
  /** The region of the request's SigV4 credential scope. */
  readonly region?: string;
  /** The service of the credential scope (`ec2`, `sts`). */
  readonly service?: string;
  /** The access key id that signed it. */
  readonly accessKeyId?: string;
}

export interface Ec2Server {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Where each list lives in its response, and which key names the item's id for filters. */
const LISTS: Readonly<Record<string, { readonly key: keyof Ec2Data; readonly min: number; readonly max: number }>> = {
  DescribeVpcs: { key: 'Vpcs', min: 5, max: 1000 },
  DescribeSubnets: { key: 'Subnets', min: 5, max: 1000 },
  DescribeNetworkAcls: { key: 'NetworkAcls', min: 5, max: 1000 },
  DescribeSecurityGroups: { key: 'SecurityGroups', min: 5, max: 1000 },
  DescribeSecurityGroupRules: { key: 'SecurityGroupRules', min: 5, max: 1000 },
  DescribeNetworkInterfaces: { key: 'NetworkInterfaces', min: 5, max: 1000 },
  DescribeInstances: { key: 'Reservations', min: 5, max: 1000 },
  DescribeRouteTables: { key: 'RouteTables', min: 5, max: 100 },
  DescribeManagedPrefixLists: { key: 'PrefixLists', min: 1, max: 100 },
};

/** The filters each action accepts here (the real API accepts more; synack should need no others). */
const FILTERS: Readonly<Record<string, Readonly<Record<string, (item: Json, value: string) => boolean>>>> = {
  DescribeVpcs: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeSubnets: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeNetworkAcls: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeSecurityGroups: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeSecurityGroupRules: { 'group-id': (o, v) => o.GroupId === v },
  DescribeNetworkInterfaces: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeInstances: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeRouteTables: { 'vpc-id': (o, v) => o.VpcId === v },
  DescribeManagedPrefixLists: {},
};

export async function startEc2Server(options: Ec2ServerOptions): Promise<Ec2Server> {
  const requests: RecordedRequest[] = [];
  const used = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const scope = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? '');
      const action = params.Action ?? '';
      const recorded: RecordedRequest = {
        action,
        params,
        ...(scope ? { accessKeyId: scope[1] as string, region: scope[2] as string, service: scope[3] as string } : {}),
      };
      requests.push(recorded);
      const fault = nextFault(options, action, used);
      if (fault?.kind === 'slow') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) answer(res, recorded, options);
        }, fault.ms);
        timers.add(timer);
        return;
      }
      if (fault !== undefined) return sendFault(res, fault, recorded.service === 'sts');
      answer(res, recorded, options);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function nextFault(options: Ec2ServerOptions, action: string, used: Map<string, number>): Fault | undefined {
  const spec = options.faults?.[action];
  if (spec === undefined) return undefined;
  if ('always' in spec) return spec.always;
  const n = used.get(action) ?? 0;
  used.set(action, n + 1);
  return spec[n];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function answer(res: ServerResponse, req: RecordedRequest, options: Ec2ServerOptions): void {
  const { action, params } = req;
  if (req.service === 'sts' || params.Version === '2011-06-15') return answerSts(res, req, options);
  if (params.Version !== '2016-11-15') return sendError(res, 400, 'InvalidParameterValue', `unexpected Version ${params.Version ?? '(none)'}`);
  const data = options.regions[req.region ?? ''] ?? options.regions['*'];
  if (data === undefined) return sendError(res, 401, 'AuthFailure', `no data for region ${req.region ?? '?'}`);
  if (action === 'DescribeRegions') {
    const enabled = options.enabledRegions ?? Object.keys(options.regions).filter((r) => r !== '*');
    const regions = enabled.map((r) => ({ RegionName: r, Endpoint: `ec2.${r}.amazonaws.com`, OptInStatus: 'opt-in-not-required' }));
    return sendXml(res, 200, ec2Response(action, xmlMember('', 'Regions', regions)));
  }
  if (action === 'GetManagedPrefixListEntries') {
    const id = params.PrefixListId ?? '';
    const entries = data.PrefixListEntries?.[id];
    if (entries === undefined) return sendError(res, 400, 'InvalidPrefixListID.NotFound', `The prefix list ID '${id}' does not exist`);
    return sendPage(res, action, 'Entries', entries, params, options, { min: 1, max: 100 });
  }
  const list = LISTS[action];
  if (list === undefined) return sendError(res, 400, 'InvalidAction', `The action ${action} is not valid for this web service.`);
  const filters = readFilters(params);
  const accepted = FILTERS[action] ?? {};
  for (const f of filters) {
    if (accepted[f.name] === undefined) return sendError(res, 400, 'InvalidParameterValue', `The filter '${f.name}' is invalid`);
  }
  const matches = (o: Json): boolean => filters.every((f) => f.values.some((v) => (accepted[f.name] as (o: Json, v: string) => boolean)(o, v)));
  let items = data[list.key] as readonly Json[] | undefined;
  if (action === 'DescribeInstances') {
    items = (items ?? [])
      .map((r) => ({ ...r, Instances: ((r.Instances ?? []) as Json[]).filter(matches) }))
      .filter((r) => r.Instances.length > 0);
  } else {
    items = (items ?? []).filter(matches);
  }
  sendPage(res, action, list.key, items, params, options, list);
}

function sendPage(
  res: ServerResponse,
  action: string,
  key: string,
  items: readonly Json[],
  params: Readonly<Record<string, string>>,
  options: Ec2ServerOptions,
  limits: { readonly min: number; readonly max: number },
): void {
  let size = options.pageSize ?? 1000;
  if (params.MaxResults !== undefined) {
    const max = Number(params.MaxResults);
    if (!Number.isInteger(max) || max < limits.min || max > limits.max) {
      return sendError(res, 400, 'InvalidParameterValue', `Value ( ${params.MaxResults} ) for parameter maxResults is invalid. Expecting a value between ${limits.min} and ${limits.max}.`);
    }
    size = Math.min(size, max);
  }
  const start = params.NextToken !== undefined ? Number(params.NextToken.replace(/^page-/, '')) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) return sendError(res, 400, 'InvalidParameterValue', 'Invalid NextToken');
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? `<nextToken>page-${start + size}</nextToken>` : '';
  sendXml(res, 200, ec2Response(action, xmlMember('', key, page) + next));
}

function readFilters(params: Readonly<Record<string, string>>): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  for (let n = 1; params[`Filter.${n}.Name`] !== undefined; n++) {
    const values: string[] = [];
    for (let m = 1; params[`Filter.${n}.Value.${m}`] !== undefined; m++) values.push(params[`Filter.${n}.Value.${m}`] as string);
    out.push({ name: params[`Filter.${n}.Name`] as string, values });
  }
  return out;
}

function answerSts(res: ServerResponse, req: RecordedRequest, options: Ec2ServerOptions): void {
  const account = options.account ?? '123456789012';
  const meta = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
  if (req.params.Action === 'GetCallerIdentity') {
    return sendXml(
      res,
      200,
      `<GetCallerIdentityResponse xmlns="${STS_NS}"><GetCallerIdentityResult><Arn>arn:aws:iam::${account}:user/test</Arn><UserId>AIDATESTUSER</UserId><Account>${account}</Account></GetCallerIdentityResult>${meta}</GetCallerIdentityResponse>`,
    );
  }
  if (req.params.Action === 'AssumeRole') {
    const roleArn = req.params.RoleArn ?? '';
    const target = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    if (!target) return sendStsError(res, 400, 'ValidationError', `1 validation error detected: Value '${roleArn}' at 'roleArn' failed to satisfy constraint`);
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    return sendXml(
      res,
      200,
      `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIAASSUMEDROLETEST1</AccessKeyId><SecretAccessKey>assumedSecretKeyForTestsOnly0000000000000</SecretAccessKey><SessionToken>assumed-session-token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROATEST:${escapeXml(req.params.RoleSessionName ?? '')}</AssumedRoleId><Arn>arn:aws:sts::${target[1] as string}:assumed-role/${escapeXml(target[2] as string)}/${escapeXml(req.params.RoleSessionName ?? '')}</Arn></AssumedRoleUser></AssumeRoleResult>${meta}</AssumeRoleResponse>`,
    );
  }
  sendStsError(res, 400, 'InvalidAction', `Could not find operation ${req.params.Action ?? ''}`);
}

function sendFault(res: ServerResponse, fault: Exclude<Fault, { kind: 'slow' }>, sts: boolean): void {
  switch (fault.kind) {
    case 'throttle':
      return sts ? sendStsError(res, 400, 'Throttling', 'Rate exceeded') : sendError(res, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
    case 'error':
      return sts ? sendStsError(res, fault.status, fault.code, fault.message) : sendError(res, fault.status, fault.code, fault.message);
    case 'malformed':
      res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end('<html><body>502 Bad Gateway</body>');
      return;
  }
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`,
  );
}

function sendStsError(res: ServerResponse, status: number, code: string, message: string): void {
  sendXml(
    res,
    status,
    `<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

function ec2Response(action: string, inner: string): string {
  return `<${action}Response xmlns="${EC2_NS}"><requestId>${randomUUID()}</requestId>${inner}</${action}Response>`;
}

/**
 * EC2 element names of the PascalCase members, by the member that holds them (`''` for the top level): most
 * are the member name with a lower-case first letter; these are not (the SDK's model, `ec2QueryName`).
 */
const XML_NAMES: Readonly<Record<string, string>> = {
  '.Vpcs': 'vpcSet',
  '.Subnets': 'subnetSet',
  '.NetworkAcls': 'networkAclSet',
  '.SecurityGroups': 'securityGroupInfo',
  '.SecurityGroupRules': 'securityGroupRuleSet',
  '.NetworkInterfaces': 'networkInterfaceSet',
  '.Reservations': 'reservationSet',
  '.PrefixLists': 'prefixListSet',
  '.Entries': 'entrySet',
  '.RouteTables': 'routeTableSet',
  '.Regions': 'regionInfo',
  'Regions.Endpoint': 'regionEndpoint',
  'NetworkAcls.IsDefault': 'default',
  'NetworkAcls.Entries': 'entrySet',
  'NetworkAcls.Associations': 'associationSet',
  'SecurityGroups.Description': 'groupDescription',
  'IpPermissions.UserIdGroupPairs': 'groups',
  'IpPermissionsEgress.UserIdGroupPairs': 'groups',
  'NetworkInterfaces.Groups': 'groupSet',
  'NetworkInterfaces.PrivateIpAddresses': 'privateIpAddressesSet',
  'NetworkInterfaces.Ipv6Addresses': 'ipv6AddressesSet',
  'Reservations.Groups': 'groupSet',
  'Reservations.Instances': 'instancesSet',
  'Instances.SecurityGroups': 'groupSet',
  'Instances.NetworkInterfaces': 'networkInterfaceSet',
  'Instances.State': 'instanceState',
  'Instances.PublicIpAddress': 'ipAddress',
  'Instances.PublicDnsName': 'dnsName',
  'Instances.StateTransitionReason': 'reason',
  'Instances.BlockDeviceMappings': 'blockDeviceMapping',
  'RouteTables.Routes': 'routeSet',
  'RouteTables.Associations': 'associationSet',
  'RouteTables.PropagatingVgws': 'propagatingVgwSet',
};

function xmlName(parent: string, key: string): string {
  if (key === 'Tags') return 'tagSet';
  return XML_NAMES[`${parent}.${key}`] ?? key.charAt(0).toLowerCase() + key.slice(1);
}

/** One member as EC2 XML: lists as `<name><item>…</item></name>`, structures as nested elements. */
export function xmlMember(parent: string, key: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  const name = xmlName(parent, key);
  if (Array.isArray(value)) {
    if (value.length === 0) return `<${name}/>`;
    return `<${name}>${value.map((v) => `<item>${xmlValue(key, v)}</item>`).join('')}</${name}>`;
  }
  return `<${name}>${xmlValue(key, value)}</${name}>`;
}

function xmlValue(owner: string, value: unknown): string {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Json)
      .map(([k, v]) => xmlMember(owner, k, v))
      .join('');
  }
  return escapeXml(String(value));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
