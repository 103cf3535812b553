// The AWS SDK, loaded on demand: `import()` here is the only way synack loads @aws-sdk/*, so commands that
// read files never pay for it. Type-only imports below are erased at compile time.
import type * as Ec2 from '@aws-sdk/client-ec2';
import type * as Sts from '@aws-sdk/client-sts';
import type * as CredentialProviders from '@aws-sdk/credential-providers';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, type LiveOptions } from './options.js';

type CredentialsProvider = ReturnType<typeof CredentialProviders.fromNodeProviderChain>;
type Credentials = Awaited<ReturnType<CredentialsProvider>>;

export interface Sdk {
  readonly ec2: typeof Ec2;
  readonly sts: typeof Sts;
  readonly credentials: typeof CredentialProviders;
}

/** The switch the SDK reads before it warns that a coming release will need a newer Node.js. */
export const NODE_WARNING_SWITCH = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * The SDK (@aws-sdk/core's emitWarningIfUnsupportedVersion) prints a `NodeVersionSupportWarning` through
 * `process.emitWarning` when a client is created on a Node.js older than the one its future releases need.
 * It is advice for the developers who pick the SDK version, not for synack's users, and it would land in
 * the middle of synack's output; the SDK's own switch turns it off (unless the user set it themselves).
 */
export function silenceSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env[NODE_WARNING_SWITCH] ??= 'true';
}

export async function loadSdk(): Promise<Sdk> {
  silenceSdkNodeVersionWarning();
  const [ec2, sts, credentials] = await Promise.all([import('@aws-sdk/client-ec2'), import('@aws-sdk/client-sts'), import('@aws-sdk/credential-providers')]);
  return { ec2, sts, credentials };
}

/** The SDK logs some events (e.g. socket pool pressure) to the console by default; synack prints its own. */
const SILENT = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Client settings shared by every EC2 and STS client of one read. */
export function clientConfig(options: LiveOptions, region: string | undefined) {
  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return {
    ...(region !== undefined ? { region } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.endpointUrl !== undefined ? { endpoint: options.endpointUrl } : {}),
    // Throttling (RequestLimitExceeded) slows the client down instead of failing the read.
    retryMode: 'adaptive',
    requestHandler: {
      connectionTimeout: Math.min(requestTimeout, DEFAULT_CONNECT_TIMEOUT_MS),
      requestTimeout,
      throwOnRequestTimeout: true,
      logger: SILENT,
    },
    logger: SILENT,
  } as const;
}

/**
 * One credentials provider for the whole read (every region's clients share it): the SDK's default chain
 * (environment, profiles, SSO, process, web identity, container and instance roles), optionally followed by
 * sts:AssumeRole into `--role-arn`. Resolved once and reused until five minutes before it expires.
 */
export function credentialsProvider(sdk: Sdk, options: LiveOptions, region: string | undefined): CredentialsProvider {
  const base = sdk.credentials.fromNodeProviderChain(options.profile !== undefined ? { profile: options.profile } : {});
  const provider =
    options.roleArn === undefined
      ? base
      : sdk.credentials.fromTemporaryCredentials({
          params: { RoleArn: options.roleArn, RoleSessionName: 'synack' },
          masterCredentials: base,
          clientConfig: clientConfig(options, region ?? 'us-east-1'),
        });
  return memoize(provider);
}

function memoize(provider: CredentialsProvider): CredentialsProvider {
  let current: Promise<Credentials> | undefined;
  let expiration: number | undefined;
  return () => {
    if (current === undefined || (expiration !== undefined && expiration - Date.now() < 5 * 60_000)) {
      const next = provider();
      current = next;
      expiration = undefined;
      next.then(
        (identity) => {
          expiration = identity.expiration?.getTime();
        },
        () => {
          if (current === next) current = undefined;
        },
      );
    }
    return current;
  };
}
