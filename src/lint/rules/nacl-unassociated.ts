import type { FindingDraft, LintContext, LintRule } from '../types.js';

export const naclUnassociated: LintRule = {
  meta: {
    id: 'nacl-unassociated',
    severity: 'note',
    summary: 'A non-default network ACL is associated with no subnet.',
    rationale:
      'A NACL filters nothing until a subnet uses it. Often it was meant for a subnet that still runs on the VPC\'s allow-all default NACL; otherwise it is clutter that reviewers mistake for live policy.',
    docs: 'docs/rules/nacl-unassociated.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const nacl of ctx.snapshot.nacls) {
      if (nacl.isDefault || nacl.subnetIds.length > 0) continue;
      const onDefault = ctx.snapshot.subnets.filter((s) => s.vpcId === nacl.vpcId && ctx.index.naclForSubnet(s.id)?.isDefault === true).map((s) => s.id);
      const hint =
        onDefault.length > 0
          ? ` Subnet${onDefault.length === 1 ? '' : 's'} ${onDefault.slice(0, 5).join(', ')}${onDefault.length > 5 ? ', …' : ''} of ${nacl.vpcId} still use${onDefault.length === 1 ? 's' : ''} the default NACL — was one meant to use this one?`
          : '';
      findings.push({
        message:
          `NACL ${nacl.id}${nacl.name ? ` (${nacl.name})` : ''} in ${nacl.vpcId} is associated with no subnet, so its rules filter nothing.${hint} ` +
          `Associate it with the subnet it was written for, or delete it.`,
        resource: { type: 'nacl', id: nacl.id, ...(nacl.name ? { name: nacl.name } : {}) },
        location: nacl.source,
        key: 'unassociated',
        fix: { summary: `Associate ${nacl.id} with its subnet (replace-network-acl-association) or delete it.`, command: `aws ec2 delete-network-acl --network-acl-id ${nacl.id}` },
        details: { vpcId: nacl.vpcId, subnetsOnDefaultNacl: onDefault },
      });
    }
    return findings;
  },
};
