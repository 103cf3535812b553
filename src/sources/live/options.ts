// What a live source reads (the --region/--profile/… flags) and the checks that need no AWS call.
import { InputError, type InputProblem } from '../../model/errors.js';

export interface LiveOptions {
  /** Regions to read; none: the SDK's region (AWS_REGION, the profile's `region`). */
  readonly regions?: readonly string[];
  /** Every region enabled for the account (ec2:DescribeRegions). */
  readonly allRegions?: boolean;
  /** A profile of the shared AWS config/credentials files; none: the SDK's default chain (AWS_PROFILE, …). */
  readonly profile?: string;
  /** Only these VPCs (server-side `vpc-id` filters). */
  readonly vpcIds?: readonly string[];
  /** Another EC2 endpoint (a VPC endpoint, LocalStack, a test server); STS calls go there too. */
  readonly endpointUrl?: string;
  /** A role to assume first (cross-account reads). */
  readonly roleArn?: string;
  /** Per-request timeout (connection and whole answer), milliseconds. */
  readonly requestTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

const REGION = /^[a-z]{2,}(-[a-z]+)+-\d+$/;
const VPC_ID = /^vpc-[0-9a-z]+$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** Problems that need no AWS call to see: malformed region names, VPC ids, role ARNs, endpoint URLs. */
export function checkLiveOptions(o: LiveOptions): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const r of o.regions ?? []) {
    if (!REGION.test(r)) problems.push({ file: '--region', message: `${JSON.stringify(r)} is not an AWS region name; expected one like eu-west-1 or us-east-1` });
  }
  if (o.allRegions && o.regions?.length) problems.push({ file: '--all-regions', message: 'cannot be combined with --region; expected one of them' });
  for (const v of o.vpcIds ?? []) {
    if (!VPC_ID.test(v)) problems.push({ file: '--vpc-id', message: `${JSON.stringify(v)} is not a VPC id; expected one like vpc-0a1b2c3d4e5f60001` });
  }
  if (o.roleArn !== undefined && !ROLE_ARN.test(o.roleArn)) {
    problems.push({ file: '--role-arn', message: `${JSON.stringify(o.roleArn)} is not an IAM role ARN; expected arn:aws:iam::<account id>:role/<name>` });
  }
  if (o.endpointUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(o.endpointUrl);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      problems.push({ file: '--endpoint-url', message: `${JSON.stringify(o.endpointUrl)} is not an http(s) URL; expected one like https://ec2.eu-west-1.amazonaws.com or http://localhost:4566` });
    }
  }
  const ms = o.requestTimeoutMs;
  if (ms !== undefined && !(Number.isFinite(ms) && ms > 0)) problems.push({ file: '--request-timeout', message: 'expected a positive number of seconds' });
  return problems;
}

export function assertLiveOptions(o: LiveOptions): void {
  const problems = checkLiveOptions(o);
  if (problems.length) throw new InputError(problems);
}
