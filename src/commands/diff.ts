import { Flags } from '@oclif/core';
import { SynackCommand, loadOptionsFromFlags, sourceFlags } from '../cli/base-command.js';

export default class Diff extends SynackCommand {
  static override summary = 'What a change does: findings introduced and resolved, and flows whose verdict changes (broken return traffic first).';

  static override description = `Reads the network before and after a change — Terraform plans (terraform show -json), CloudFormation templates, AWS CLI exports or synack snapshots — lints and traces both, and reports:
- findings the change introduces and resolves, matched by fingerprint so unrelated edits are not churn;
- flows whose verdict changes: the flows of --flows (same file as check) and the flows that follow from the rules — every service a security group or NACL allows, between one representative of each group of interfaces no rule tells apart (and representative addresses outside the VPC), traced both ways in both snapshots. A broken flow names the rule that now decides it and the rule that let it through before. Interfaces and subnets that exist on one side only are listed, not errors.

On GitHub Actions (GITHUB_ACTIONS=true) it also writes workflow annotations to stderr, unless --no-annotations.

Exit status: 0 nothing breaks, 1 the change breaks a flow that worked before (a flows-file flow that met its expectation and no longer does, or a derived flow that was reachable and no longer is) or introduces an unsuppressed finding at or above --fail-on (--fail-on none turns off only the findings part), 2 usage or input error.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> --before base.plan.json --after pr.plan.json',
    '<%= config.bin %> <%= command.id %> --before main/network.yaml --after network.yaml --flows flows.yaml --format markdown > comment.md',
    '<%= config.bin %> <%= command.id %> --before exports/ --after exports/ changes.json --format sarif > synack.sarif',
  ];

  static override flags = {
    before: Flags.string({
      required: true,
      multiple: true,
      summary: 'Sources of the network before the change: files or folders (one or more).',
    }),
    after: Flags.string({
      required: true,
      multiple: true,
      summary: 'Sources of the network after the change: files or folders (one or more).',
    }),
    flows: Flags.string({ summary: 'A flows file (JSON or YAML, as for check): these flows are compared too, against their expect.' }),
    'fail-on': Flags.option({
      options: ['error', 'warning', 'note', 'none'] as const,
      default: 'error' as const,
      summary: 'Exit 1 when the change introduces an unsuppressed finding at or above this severity (a broken flow always fails).',
    })(),
    format: Flags.option({
      options: ['text', 'json', 'markdown', 'sarif', 'junit'] as const,
      default: 'text' as const,
      summary: 'Output format.',
      description:
        'json follows schemas/diff-output.schema.json; markdown is a pull-request comment; sarif holds the introduced findings and the broken flows; junit is a JUnit XML test report.',
    })(),
    config: Flags.string({ summary: 'Configuration file (as for lint), applied to both sides. Default: .synack.yml when present.' }),
    'client-ports': Flags.string({
      summary: "The clients' ephemeral port range for every client: lo-hi, or linux, windows, windows-legacy, nat-gateway, elb, lambda, any.",
    }),
    'max-derived-flows': Flags.integer({
      min: 0,
      summary: 'Compare at most this many flows derived from the rules (default 400; 0: only the flows of --flows).',
    }),
    annotations: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'On GitHub Actions (GITHUB_ACTIONS=true), also write workflow annotations to stderr (--no-annotations: do not).',
    }),
    ...sourceFlags,
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Diff);
    // The runner and what it needs load only now: the command table stays light for start-up.
    const [{ runDiff }, { defaultDeps }] = await Promise.all([import('../cli/diff.js'), import('../cli/default-deps.js')]);
    const code = await runDiff(
      {
        before: flags.before,
        after: flags.after,
        ...loadOptionsFromFlags(flags),
        ...(flags.flows !== undefined ? { flows: flags.flows } : {}),
        failOn: flags['fail-on'],
        format: flags.format,
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        ...(flags['client-ports'] !== undefined ? { clientPorts: flags['client-ports'] } : {}),
        ...(flags['max-derived-flows'] !== undefined ? { derivedLimit: flags['max-derived-flows'] } : {}),
        ...(flags.color !== undefined ? { color: flags.color } : {}),
        annotations: flags.annotations,
        cwd: process.cwd(),
        toolVersion: this.config.version,
      },
      this.io,
      defaultDeps,
    );
    this.finish(code);
  }
}
