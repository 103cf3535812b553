import { Flags } from '@oclif/core';
import { SynackCommand, loadOptionsFromFlags, sourceFlags, sourcesArg } from '../cli/base-command.js';
import { liveSourceFlags, sourcesOrLive, withLiveSourceIfAsked } from '../cli/live-flags.js';

export default class Trace extends SynackCommand {
  static override summary = 'Trace one TCP or UDP flow through security groups and network ACLs, request and reply.';

  static override description = `The request goes through the client's security group egress, the client subnet's NACL outbound, the server subnet's NACL inbound and the server's security group ingress. The reply needs no security group rule (they are stateful) but must pass the server NACL outbound and the client NACL inbound to the client's ephemeral port range.

Exit status: 0 reachable, 1 partial/unreachable/unknown, 2 usage or input error.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> exports/ --from i-0abc --to 10.0.2.20 --port 5432',
    '<%= config.bin %> <%= command.id %> nacls.json sgs.json subnets.json enis.json --from eni-1 --to eni-2 --port 443 --client-ports windows',
    '<%= config.bin %> <%= command.id %> exports/ --from 10.0.1.10 --to 10.0.2.20 --protocol udp --port 53 --format json',
  ];

  static override strict = false;

  static override args = {
    sources: sourcesArg({ live: true }),
  };

  static override flags = {
    from: Flags.string({ required: true, summary: 'The client: eni-…, i-…, an IP address or a unique Name tag.' }),
    to: Flags.string({ required: true, summary: 'The server: eni-…, i-…, an IP address or a unique Name tag.' }),
    protocol: Flags.option({ options: ['tcp', 'udp'] as const, default: 'tcp' as const, summary: 'Transport protocol.' })(),
    port: Flags.integer({ required: true, min: 0, max: 65535, summary: "The server's (destination) port." }),
    'client-ports': Flags.string({
      summary: "The client's ephemeral port range: lo-hi, or linux, windows, windows-legacy, nat-gateway, elb, lambda, any.",
      description: 'Inferred from the client when absent (instance platform, interface type); 1024-65535 when nothing tells.',
    }),
    ...sourceFlags,
    ...liveSourceFlags,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Trace);
    // The runner and what it needs load only now: the command table stays light for start-up.
    const [{ runTrace }, { defaultDeps }] = await Promise.all([import('../cli/trace.js'), import('../cli/default-deps.js')]);
    const code = await runTrace(
      {
        sources: sourcesOrLive(argv as string[], flags),
        ...loadOptionsFromFlags(flags),
        from: flags.from,
        to: flags.to,
        protocol: flags.protocol,
        port: flags.port,
        ...(flags['client-ports'] !== undefined ? { clientPorts: flags['client-ports'] } : {}),
        format: flags.format,
        ...(flags.color !== undefined ? { color: flags.color } : {}),
      },
      this.io,
      await withLiveSourceIfAsked(defaultDeps, flags, this.io, this.config),
    );
    this.finish(code);
  }
}
