import { describe, expect, it } from 'vitest';
import { LiveCallError, liveProblem, redact } from '../../src/sources/live/errors.js';
import { checkLiveOptions } from '../../src/sources/live/options.js';

/**
 * The failures the local server cannot produce without a network (DNS) — the mapping is pure, so the
 * shapes the SDK gives are enough. The server-driven cases are in fetch.test.ts.
 */
const ctx = { requestTimeoutMs: 60_000 };
const sysError = (code: string, message: string) => Object.assign(new Error(message), { code, $metadata: { attempts: 3 } });

describe('liveProblem', () => {
  it('an unknown region: its endpoint does not resolve', () => {
    const err = new LiveCallError('ec2', 'DescribeVpcs', 'eu-mars-1', sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.eu-mars-1.amazonaws.com'));
    expect(liveProblem(err, ctx)).toEqual({
      file: 'aws eu-mars-1',
      message: 'cannot resolve ec2.eu-mars-1.amazonaws.com (ENOTFOUND): eu-mars-1 is not a region AWS knows, or DNS is not reachable; check --region and the network',
    });
  });

  it('an --endpoint-url whose host does not resolve', () => {
    const err = new LiveCallError('ec2', 'DescribeVpcs', 'eu-west-1', sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.example.invalid'));
    expect(liveProblem(err, { ...ctx, endpointUrl: 'https://ec2.example.invalid' })).toEqual({
      file: '--endpoint-url',
      message: 'cannot resolve the host of https://ec2.example.invalid (ENOTFOUND); check the URL and DNS',
    });
  });

  it('an expired SSO session names the profile to log in again', () => {
    const err = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'CredentialsProviderError' });
    expect(liveProblem(err, { ...ctx, region: 'eu-west-1', profile: 'prod' })?.message).toBe(
      'the AWS credentials for profile "prod" have expired; refresh them (for SSO: `aws sso login --profile prod`) and run again',
    );
  });

  it('a TLS-inspecting proxy: says how to trust its certificate', () => {
    const err = new LiveCallError('ec2', 'DescribeVpcs', 'eu-west-1', sysError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'));
    expect(liveProblem(err, ctx)?.message).toBe(
      'cannot trust the TLS certificate of ec2.eu-west-1.amazonaws.com (SELF_SIGNED_CERT_IN_CHAIN); behind a proxy that inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate',
    );
  });

  it('leaves bugs alone, even inside a call', () => {
    expect(liveProblem(new TypeError('x is undefined'), ctx)).toBeUndefined();
    expect(liveProblem(new LiveCallError('ec2', 'DescribeVpcs', 'eu-west-1', new TypeError('x is undefined')), ctx)).toBeUndefined();
  });
});

describe('redact', () => {
  it('cuts access key ids and encoded authorization messages out of AWS messages', () => {
    expect(redact('User AKIAABCDEFGHIJKLMNOP is not authorized. Encoded authorization failure message: xyz123')).toBe(
      'User AKIA… is not authorized. (encoded authorization message omitted)',
    );
  });
});

describe('checkLiveOptions', () => {
  it('accepts region names of every partition', () => {
    expect(checkLiveOptions({ regions: ['eu-west-1', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-7', 'eusc-de-east-1'] })).toEqual([]);
  });

  it('names every malformed value at once', () => {
    expect(checkLiveOptions({ regions: ['EU-WEST-1'], vpcIds: ['vpc-0abc', 'subnet-1'], roleArn: 'arn:aws:iam::123:role/x' }).map((p) => p.file)).toEqual([
      '--region',
      '--vpc-id',
      '--role-arn',
    ]);
  });
});
