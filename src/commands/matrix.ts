import { Flags } from '@oclif/core';
import { SynackCommand, loadOptionsFromFlags, sourceFlags, sourcesArg } from '../cli/base-command.js';
import { quietFlag } from '../cli/live-flags.js';

export default class Matrix extends SynackCommand {
  static override summary = 'Who can talk to whom: all-pairs reachability (request and reply) between groups of ENIs, per service.';

  static override description = `Every ENI of the snapshot is a client of every other ENI, for each service. ENIs are grouped into rows (sources) and columns (destinations) by subnet (default), by ENI, by security group, or by the value of a tag (--by tag:KEY; ENIs without the tag form the group "(no KEY)"). With --by sg an ENI that carries several groups belongs to each of their rows and columns, so its pairs are counted once in every cell it falls in.

A cell's verdict is that of all its ENI pairs when they agree (reachable, partial — replies get back to only part of the clients' ephemeral ports —, unreachable or unknown — the snapshot lacks data such as prefix-list entries or groups); "mixed" when its pairs disagree; "none" without a pair. Each cell counts its pairs by verdict; pairs of ENIs that share no address family are "skipped". The computation works on classes of ENIs that no rule can tell apart, never pair by pair.

Formats: text (a compact grid; --counts lists the pair counts of every cell), json (schemas/matrix-output.schema.json) and csv, both written row by row, and html: one self-contained page with a heat map where a click on a cell shows the hop-by-hop trace of a representative pair.

Exit status: 0 the matrix was written, 2 usage or input error.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> exports/ --ports 22,443,5432',
    '<%= config.bin %> <%= command.id %> exports/ --services services.yaml --by tag:app --format html -o matrix.html',
    '<%= config.bin %> <%= command.id %> exports/ --ports 53 --protocol udp --by sg --format csv -o dns.csv',
  ];

  static override strict = false;

  static override args = {
    sources: sourcesArg({ live: false }),
  };

  static override flags = {
    format: Flags.option({
      options: ['text', 'json', 'csv', 'html'] as const,
      default: 'text' as const,
      summary: 'Output format.',
      description: 'json follows schemas/matrix-output.schema.json; csv has one line per source, destination and service; html is one self-contained page.',
    })(),
    ports: Flags.string({ summary: 'Service ports, comma-separated (e.g. 22,443,5432), all of --protocol.', exclusive: ['services'] }),
    services: Flags.string({ summary: 'A services file (JSON or YAML): [{name, protocol, port, clientPorts?}] (schemas/services.schema.json).', exclusive: ['ports'] }),
    by: Flags.string({ default: 'subnet', summary: 'Group ENIs by subnet, eni, sg or tag:KEY.' }),
    protocol: Flags.option({ options: ['tcp', 'udp'] as const, default: 'tcp' as const, summary: 'Transport protocol of --ports.' })(),
    'client-ports': Flags.string({
      summary: "The clients' ephemeral port range: lo-hi, or linux, windows, windows-legacy, nat-gateway, elb, lambda, any.",
      description: 'Inferred from each client ENI when absent (instance platform, interface type); 1024-65535 when nothing tells. A service in --services may name its own.',
    }),
    output: Flags.string({ char: 'o', summary: 'Write the output to this file instead of stdout.' }),
    counts: Flags.boolean({ summary: 'Text format: list the ENI pair counts of every cell below the grid.' }),
    quiet: quietFlag(),
    ...sourceFlags,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Matrix);
    // Loaded on use: every command's start-up pays for what the command map imports.
    const [{ runMatrix }, { defaultDeps }] = await Promise.all([import('../cli/matrix.js'), import('../cli/default-deps.js')]);
    const code = await runMatrix(
      {
        sources: argv as string[],
        ...loadOptionsFromFlags(flags),
        ...(flags.ports !== undefined ? { ports: flags.ports } : {}),
        ...(flags.services !== undefined ? { services: flags.services } : {}),
        by: flags.by,
        protocol: flags.protocol,
        ...(flags['client-ports'] !== undefined ? { clientPorts: flags['client-ports'] } : {}),
        format: flags.format,
        ...(flags.output !== undefined ? { output: flags.output } : {}),
        ...(flags.color !== undefined ? { color: flags.color } : {}),
        counts: flags.counts,
        quiet: flags.quiet,
      },
      this.io,
      defaultDeps,
    );
    this.finish(code);
  }
}
