import { Flags } from '@oclif/core';
import { SynackCommand } from '../cli/base-command.js';
import { fetchFlags, liveOptionsFromFlags, showProgress } from '../cli/live-flags.js';

export default class Fetch extends SynackCommand {
  static override summary = 'Read security groups, network ACLs and the rest of the network from AWS into a synack snapshot file.';

  static override description = `Reads VPCs, subnets, network ACLs, security groups and their rules, network interfaces, instances, route tables and managed prefix lists (with their entries) with read-only EC2 Describe*/Get* calls, and writes them as a synack snapshot (schemas/snapshot.schema.json) that trace, check and lint read like any other source. The file is written atomically: a failed or interrupted fetch never leaves a partial file.

Credentials and region come from the AWS SDK, like for the AWS CLI: environment variables, profiles (--profile, AWS_PROFILE), SSO, container and instance roles. --print-iam-policy prints the minimal IAM policy.

Exit status: 0 written, 2 usage error or a failure to read (credentials, permissions, region, network).`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --region eu-west-1 -o prod.json',
    '<%= config.bin %> <%= command.id %> --profile prod --vpc-id vpc-0a1b2c3d4e5f60001 -o shop.json',
    '<%= config.bin %> <%= command.id %> --all-regions --role-arn arn:aws:iam::123456789012:role/audit -o audit.json',
    '<%= config.bin %> <%= command.id %> --print-iam-policy',
  ];

  // Neither --format nor --color means anything here (the output is the snapshot file), so fetch has neither;
  // the cast only keeps the static side assignable to SynackCommand's.
  static override baseFlags = {} as typeof SynackCommand.baseFlags;

  static override flags = {
    output: Flags.string({ char: 'o', summary: 'The snapshot file to write (`-` for stdout).', exactlyOne: ['output', 'print-iam-policy'] }),
    'print-iam-policy': Flags.boolean({ summary: 'Print the read-only IAM policy synack needs, and read nothing.', exactlyOne: ['output', 'print-iam-policy'] }),
    ...fetchFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Fetch);
    // The runner and what it needs load only now: the command table stays light for start-up.
    const { runFetch } = await import('../cli/fetch.js');
    const code = await runFetch(
      {
        live: liveOptionsFromFlags(flags),
        ...(flags.output !== undefined ? { output: flags.output } : {}),
        printIamPolicy: flags['print-iam-policy'],
        progress: showProgress(flags),
        tool: { name: this.config.name, version: this.config.version },
      },
      this.io,
    );
    this.finish(code);
  }
}
