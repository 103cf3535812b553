// AWS SDK errors → one line a user can act on (an InputProblem: exit 2, no stack trace). Pure: reads only
// the error's name, code and message, never its request (which carries the signed credentials).
import type { InputProblem } from '../../model/errors.js';
import { iamActionName } from './actions.js';

/** One failed call: which action, where, and the SDK's error. */
export class LiveCallError extends Error {
  constructor(
    readonly service: 'ec2' | 'sts',
    readonly action: string,
    readonly region: string | undefined,
    override readonly cause: unknown,
  ) {
    super(`${service}:${action} failed`);
    this.name = 'LiveCallError';
  }
}

export interface ErrorContext {
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly profile?: string;
  readonly roleArn?: string;
  readonly requestTimeoutMs: number;
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired', 'InvalidToken']);
const REJECTED = new Set(['AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'IncompleteSignature']);
const DENIED = new Set(['UnauthorizedOperation', 'AccessDenied', 'AccessDeniedException', 'Client.UnauthorizedOperation', 'UnauthorizedAccess']);
const THROTTLED = new Set(['RequestLimitExceeded', 'Throttling', 'ThrottlingException', 'TooManyRequestsException', 'SlowDown']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED', 'EPROTO']);
const UNRESOLVED = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const POLICY_HINT = '`synack fetch --print-iam-policy` prints the read-only policy synack needs';
const CREDENTIALS_HINT =
  'configure them with `aws configure` (access keys) or `aws configure sso` and `aws sso login`, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or choose a configured profile with --profile NAME or AWS_PROFILE';

interface ErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly attempts?: number };
}

/**
 * The problem a failed live read means for the user, or undefined when the error is not an AWS, network or
 * credentials error (a bug in synack: the caller rethrows it).
 */
export function liveProblem(err: unknown, ctx: ErrorContext): InputProblem | undefined {
  const call = err instanceof LiveCallError ? err : undefined;
  const e = (call ? call.cause : err) as ErrorShape | null | undefined;
  if (e === null || typeof e !== 'object') return undefined;
  const region = call?.region ?? ctx.region;
  const file = region !== undefined ? `aws ${region}` : 'aws';
  const action = call ? iamActionName(call.service, call.action) : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  const awsCode = typeof e.Code === 'string' ? e.Code : name;
  const sysCode = typeof e.code === 'string' ? e.code : '';
  const message = redact(typeof e.message === 'string' ? e.message : '');
  const endpoint = endpointText(ctx, region);
  const attempts = e.$metadata?.attempts;
  const afterAttempts = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : '';
  const say = (text: string): InputProblem => ({ file, message: text });
  const profile = ctx.profile !== undefined ? ` for profile ${JSON.stringify(ctx.profile)}` : '';

  if (call?.action === 'AssumeRole' && (DENIED.has(awsCode) || awsCode === 'ValidationError')) {
    return say(
      `cannot assume role ${ctx.roleArn ?? ''} (${awsCode}): the caller needs sts:AssumeRole on it and the role's trust policy must allow the caller; check --role-arn and the credentials${profile}`,
    );
  }
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    if (/expired|refresh/i.test(message)) {
      return say(`the AWS credentials${profile} have expired; refresh them (for SSO: \`aws sso login${ctx.profile !== undefined ? ` --profile ${ctx.profile}` : ''}\`) and run again`);
    }
    if (ctx.profile !== undefined) {
      return say(`no AWS credentials${profile}: the profile is not in the AWS config or credentials files, or has no credentials; \`aws configure list-profiles\` lists the profiles, or ${CREDENTIALS_HINT}`);
    }
    return say(`no AWS credentials found: synack reads them like the AWS CLI does; ${CREDENTIALS_HINT}`);
  }
  if (/^Region is missing/.test(message)) {
    return { file: '--region', message: `no AWS region given or configured${profile}; pass --region REGION (or --all-regions), set AWS_REGION, or set region in the profile (\`aws configure\`)` };
  }
  if (EXPIRED.has(awsCode)) {
    return say(`the AWS credentials${profile} have expired (${awsCode}); refresh them (for SSO: \`aws sso login${ctx.profile !== undefined ? ` --profile ${ctx.profile}` : ''}\`, else new temporary credentials) and run again`);
  }
  if (REJECTED.has(awsCode)) {
    return say(`AWS rejected the credentials${profile} (${awsCode}): the access key is unknown, deleted or mistyped, or the secret key does not match it; check the profile or the AWS_* environment variables`);
  }
  if (DENIED.has(awsCode)) {
    const what = action ?? 'the call';
    return say(`${what} is not allowed for these credentials (${awsCode}); grant the IAM permission ${what} to the caller${ctx.roleArn !== undefined ? ` (the role ${ctx.roleArn})` : ''} — ${POLICY_HINT}`);
  }
  if (awsCode === 'OptInRequired') {
    return say(`region ${region ?? '?'} is not enabled for this account (OptInRequired); enable it in the AWS console, or leave it out of --region`);
  }
  if (THROTTLED.has(awsCode)) {
    return say(`AWS kept throttling ${action ?? 'the calls'} (${awsCode})${afterAttempts}; try again later, narrow the read with --vpc-id, or allow more retries with AWS_MAX_ATTEMPTS`);
  }
  if (name === 'TimeoutError' || sysCode === 'ETIMEDOUT' || sysCode === 'ESOCKETTIMEDOUT') {
    return say(
      `no answer from ${endpoint} to ${action ?? 'the call'} within ${seconds(ctx.requestTimeoutMs)}${afterAttempts}; check the network (proxy, firewall)${ctx.endpointUrl !== undefined ? ' and --endpoint-url' : ''}, or allow more time with --request-timeout`,
    );
  }
  if (UNRESOLVED.has(sysCode)) {
    return ctx.endpointUrl !== undefined
      ? { file: '--endpoint-url', message: `cannot resolve the host of ${ctx.endpointUrl} (${sysCode}); check the URL and DNS` }
      : say(`cannot resolve ${endpoint} (${sysCode}): ${region ?? 'the region'} is not a region AWS knows, or DNS is not reachable; check --region and the network`);
  }
  if (/CERT|ERR_TLS/.test(sysCode)) {
    return say(
      `cannot trust the TLS certificate of ${endpoint} (${sysCode}); behind a proxy that inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate${ctx.endpointUrl !== undefined ? ', or check --endpoint-url' : ''}`,
    );
  }
  if (UNREACHABLE.has(sysCode) || /socket hang up/i.test(message)) {
    return say(`cannot reach ${endpoint} (${sysCode || 'connection closed'}); check${ctx.endpointUrl !== undefined ? ' --endpoint-url,' : ''} the network, proxy and firewall`);
  }
  if (/Deserialization error|XML parse error|Unexpected token|Invalid character/i.test(message)) {
    return say(
      `malformed response from ${endpoint} to ${action ?? 'the call'}: not the XML the EC2 API answers with${ctx.endpointUrl !== undefined ? '; check that --endpoint-url is an EC2 endpoint' : '; a proxy may be answering instead of AWS'}`,
    );
  }
  if (e.$metadata !== undefined && awsCode !== '' && awsCode !== 'Error') {
    const status = e.$metadata.httpStatusCode !== undefined ? ` (HTTP ${e.$metadata.httpStatusCode})` : '';
    return say(`${action ?? 'the call'} failed: ${awsCode}${status}: ${firstLine(message) || 'no message'}`);
  }
  if (e.$metadata !== undefined) {
    return say(`${action ?? 'the call'} to ${endpoint} failed: ${firstLine(message) || name || 'unknown error'}`);
  }
  return undefined;
}

function endpointText(ctx: ErrorContext, region: string | undefined): string {
  if (ctx.endpointUrl !== undefined) return ctx.endpointUrl;
  return region !== undefined ? `ec2.${region}.amazonaws.com` : 'the EC2 endpoint';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').trim();
}

/**
 * AWS messages are shown only for errors synack has no words of its own for; they never hold secrets, but
 * access key ids and the (long, opaque) encoded authorization messages are cut out all the same.
 */
export function redact(text: string): string {
  return text
    .replace(/\b(AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}\b/g, '$1…')
    .replace(/Encoded authorization failure message:.*$/s, '(encoded authorization message omitted)');
}
