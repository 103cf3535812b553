// The live-AWS flags and what they mean; light to import, since every command's flag table includes them.
import { Errors, Flags } from '@oclif/core';
import type { LiveOptions } from '../sources/live/index.js';
import type { Deps } from './deps.js';
import type { CliIo } from './io.js';

const helpGroup = 'LIVE AWS';

const seconds = Flags.custom<number>({
  parse: async (input) => {
    const n = Number(input);
    if (!Number.isFinite(n) || n <= 0) throw new Errors.CLIError(`Expected a positive number of seconds but received: ${input}`);
    return n;
  },
});

/** The flags that say what to read from AWS; `needsLive`: only valid together with --live (trace, check, lint). */
function awsFlags(needsLive: boolean) {
  const live = needsLive ? { dependsOn: ['live'] } : {};
  return {
    region: Flags.string({
      ...live,
      helpGroup,
      multiple: true,
      multipleNonGreedy: true,
      delimiter: ',',
      summary: 'AWS region to read (repeat or comma-separate for several). Default: the SDK\'s (AWS_REGION, the profile\'s region).',
    }),
    'all-regions': Flags.boolean({ ...live, helpGroup, exclusive: ['region'], summary: 'Read every region enabled for the account.' }),
    profile: Flags.string({ ...live, helpGroup, summary: 'Profile of the AWS config/credentials files (default: AWS_PROFILE, then the default chain).' }),
    'vpc-id': Flags.string({
      ...live,
      helpGroup,
      multiple: true,
      multipleNonGreedy: true,
      delimiter: ',',
      summary: 'Read only this VPC (repeat or comma-separate for several).',
    }),
    'endpoint-url': Flags.string({ ...live, helpGroup, summary: 'Another EC2 endpoint URL (a VPC endpoint, LocalStack, …); STS calls go there too.' }),
    'role-arn': Flags.string({ ...live, helpGroup, summary: 'Assume this IAM role first (read another account).' }),
    'request-timeout': seconds({ ...live, helpGroup, summary: 'Seconds to wait for each AWS answer (default 60).' }),
    quiet: Flags.boolean({ ...live, char: 'q', helpGroup, summary: 'No progress lines on stderr (they are shown only when stderr is a terminal).' }),
  };
}

/** `synack fetch`'s flags. */
export const fetchFlags = awsFlags(false);

/** `--live` and its flags, for the commands that otherwise read files (trace, check, lint). */
export const liveSourceFlags = {
  live: Flags.boolean({
    helpGroup,
    summary: 'Read the network from AWS first (EC2 Describe* calls), instead of or together with source files.',
    description: 'Credentials and region come from the AWS SDK like for the AWS CLI (environment, profiles, SSO, instance roles). `synack fetch --print-iam-policy` prints the permissions it needs.',
  }),
  ...awsFlags(true),
  // Not only with --live: lint shows a status line on long runs too.
  quiet: quietFlag(),
};

/** `--quiet` of the commands that read files, with or without --live. */
export function quietFlag() {
  return Flags.boolean({ char: 'q', summary: 'No progress on stderr (there is some only when stderr is a terminal): no status line on long runs, no lines of what --live reads.' });
}

export interface AwsFlagValues {
  readonly region?: string[];
  readonly 'all-regions'?: boolean;
  readonly profile?: string;
  readonly 'vpc-id'?: string[];
  readonly 'endpoint-url'?: string;
  readonly 'role-arn'?: string;
  readonly 'request-timeout'?: number;
  readonly quiet?: boolean;
}

export function liveOptionsFromFlags(flags: AwsFlagValues): LiveOptions {
  return {
    ...(flags.region?.length ? { regions: flags.region } : {}),
    ...(flags['all-regions'] ? { allRegions: true } : {}),
    ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
    ...(flags['vpc-id']?.length ? { vpcIds: flags['vpc-id'] } : {}),
    ...(flags['endpoint-url'] !== undefined ? { endpointUrl: flags['endpoint-url'] } : {}),
    ...(flags['role-arn'] !== undefined ? { roleArn: flags['role-arn'] } : {}),
    ...(flags['request-timeout'] !== undefined ? { requestTimeoutMs: Math.round(flags['request-timeout'] * 1000) } : {}),
  };
}

/** Progress lines only for a person at a terminal, and not with --quiet. */
export function showProgress(flags: AwsFlagValues): boolean {
  return !flags.quiet && process.stderr.isTTY === true;
}

/** The source paths, or none with --live; neither is the same usage error oclif gives for a missing argument. */
export function sourcesOrLive(argv: readonly string[], flags: { readonly live?: boolean }): string[] {
  if (argv.length === 0 && !flags.live) throw new Errors.CLIError('missing required argument: sources');
  return [...argv];
}

/** `deps`, reading the network from AWS too when --live is given; the live code loads only then. */
export async function withLiveSourceIfAsked(
  deps: Deps,
  flags: AwsFlagValues & { readonly live?: boolean },
  io: Pick<CliIo, 'stderr'>,
  tool: { readonly name: string; readonly version: string },
): Promise<Deps> {
  if (!flags.live) return deps;
  const { withLiveSource } = await import('./live-source.js');
  return withLiveSource(deps, flags, io, tool);
}
