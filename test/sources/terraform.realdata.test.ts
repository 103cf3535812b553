// Third-party Terraform plans (../shared/realdata): every plan imports, or fails for a stated reason.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SecurityGroup, Snapshot } from '../../src/model/snapshot.js';
import { loadSnapshot } from '../../src/sources/index.js';
import { REALDATA, problemsRejected } from './helpers.js';

interface Counts {
  vpcs: number;
  subnets: number;
  groups: number;
  groupRules: number;
  nacls: number;
  naclRules: number;
  enis: number;
  instances: number;
}

function counts(s: Snapshot): Counts {
  return {
    vpcs: s.vpcs.length,
    subnets: s.subnets.length,
    groups: s.securityGroups.length,
    groupRules: s.securityGroups.reduce((n, g) => n + g.ingress.length + g.egress.length, 0),
    nacls: s.nacls.length,
    naclRules: s.nacls.reduce((n, a) => n + a.inbound.length + a.outbound.length, 0),
    enis: s.enis.length,
    instances: s.instances.length,
  };
}

/** `ingress 6 22-22 0.0.0.0/0 <the resource that wrote it>` */
function ruleTexts(g: SecurityGroup | undefined): string[] {
  return [...(g?.ingress ?? []), ...(g?.egress ?? [])].map((r) => {
    const what = r.ports ? `${r.ports.from}-${r.ports.to}` : r.icmp ? `icmp ${r.icmp.type}/${r.icmp.code}` : '*';
    const peer = r.peer.kind === 'cidr' ? r.peer.cidr.text : r.peer.kind === 'group' ? r.peer.groupId : r.peer.prefixListId;
    return `${r.direction} ${r.protocol} ${what} ${peer} <${r.source.address}>`;
  });
}

const c = (vpcs: number, subnets: number, groups: number, groupRules: number, nacls: number, naclRules: number, enis: number, instances: number): Counts => ({
  vpcs,
  subnets,
  groups,
  groupRules,
  nacls,
  naclRules,
  enis,
  instances,
});

const CHECKOV = 'bridgecrewio_checkov/tests';
const TFC = 'terraform-compliance_cli/tests/functional';
const plan = (dir: string): string => path.join(REALDATA, dir, dir.startsWith(TFC) ? 'plan.out.json' : '');

/** Plans that import, with what they hold. */
const IMPORTS: Record<string, Counts> = {
  [`${CHECKOV}/common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json`]: c(0, 0, 3, 3, 0, 0, 0, 0),
  [`${CHECKOV}/terraform/parser/resources/plan_tags/tfplan.json`]: c(2, 4, 2, 5, 0, 0, 3, 2),
  [`${CHECKOV}/terraform/runner/resources/plan/tfplan.json`]: c(2, 4, 2, 5, 0, 0, 3, 2),
  [`${CHECKOV}/terraform/runner/resources/plan_change_keys/tfplan.json`]: c(0, 0, 2, 2, 0, 0, 0, 0),
  [`${TFC}/test_issue-127`]: c(0, 0, 2, 4, 0, 0, 1, 1),
  [`${TFC}/test_issue-156`]: c(0, 0, 1, 3, 0, 0, 1, 1),
  [`${TFC}/test_issue-157`]: c(0, 0, 1, 3, 0, 0, 1, 1),
  [`${TFC}/test_issue-158`]: c(1, 6, 0, 0, 0, 0, 0, 0),
  [`${TFC}/test_issue-166`]: c(0, 0, 1, 3, 0, 0, 1, 1),
  [`${TFC}/test_issue-171`]: c(1, 4, 1, 3, 0, 0, 0, 0),
  [`${TFC}/test_issue-172`]: c(1, 4, 1, 3, 0, 0, 0, 0),
  [`${TFC}/test_issue-181_sg_with_comma_separated`]: c(0, 0, 2, 4, 0, 0, 0, 0),
  [`${TFC}/test_issue-190`]: c(0, 0, 2, 4, 0, 0, 0, 0),
  [`${TFC}/test_issue-198`]: c(0, 0, 1, 2, 0, 0, 0, 0),
  [`${TFC}/test_issue-216`]: c(0, 0, 1, 4, 0, 0, 0, 0),
  [`${TFC}/test_issue-234-egress`]: c(0, 0, 2, 3, 0, 0, 0, 0),
  [`${TFC}/test_issue-234-ingress`]: c(0, 0, 2, 3, 0, 0, 0, 0),
  [`${TFC}/test_issue-249`]: c(0, 0, 3, 12, 0, 0, 0, 0),
  [`${TFC}/test_issue-249-bad_feature`]: c(0, 0, 3, 12, 0, 0, 0, 0),
  [`${TFC}/test_issue-249-has`]: c(0, 0, 3, 12, 0, 0, 0, 0),
  [`${TFC}/test_issue-249-must_not`]: c(0, 0, 3, 12, 0, 0, 0, 0),
  [`${TFC}/test_issue-249-must_not_bad_feature`]: c(0, 0, 3, 12, 0, 0, 0, 0),
  [`${TFC}/test_issue-275`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${TFC}/test_issue-514`]: c(1, 2, 0, 0, 1, 0, 0, 0),
  [`${TFC}/test_issue-554`]: c(1, 0, 2, 2, 0, 0, 0, 0),
  [`${TFC}/test_issue-sgr`]: c(1, 0, 2, 2, 0, 0, 0, 0),
  [`${TFC}/test_issue_360`]: c(0, 0, 1, 1, 0, 0, 0, 0),
  [`${TFC}/test_issue_522`]: c(0, 0, 1, 0, 0, 0, 0, 0),
  [`${TFC}/test_multiple_failures`]: c(0, 0, 2, 3, 0, 0, 0, 0),
  [`${TFC}/test_pull_330`]: c(1, 1, 3, 3, 0, 0, 0, 0),
  [`${TFC}/test_referencing_terraform_addresses_on_resource_mounting`]: c(0, 0, 1, 3, 0, 0, 1, 1),
  [`${TFC}/test_referencing_terraform_addresses_on_resource_mounting_filtering`]: c(0, 0, 1, 3, 0, 0, 1, 1),
};
/** A checkov fixture whose configuration section was cut out, and a plan with an inverted port range. */
const NO_CONFIGURATION = `${CHECKOV}/terraform/runner/tf_plan_skip_check_regex/resource/tfplan1.json`;
const INVERTED_PORTS = `${TFC}/test_issue_400`;

describe('third-party Terraform plans', () => {
  it('covers every plan of the folder', () => {
    const found = readdirSync(REALDATA, { recursive: true, encoding: 'utf8' })
      .filter((f) => /(^|\/)(tfplan\d*|tf_plan|plan\.out)\.json$/.test(f))
      .map((f) => (f.startsWith(TFC) ? path.dirname(f) : f))
      .sort();
    expect(found).toEqual([...Object.keys(IMPORTS), NO_CONFIGURATION, INVERTED_PORTS].sort());
  });

  for (const [dir, want] of Object.entries(IMPORTS)) {
    it(`imports ${dir.replace(/^.*tests\//, '')}`, async () => {
      const { snapshot } = await loadSnapshot([plan(dir)]);
      expect(counts(snapshot)).toEqual(want);
      // Every object says which resource wrote it.
      const all = [...snapshot.vpcs, ...snapshot.subnets, ...snapshot.securityGroups, ...snapshot.nacls, ...snapshot.enis, ...snapshot.instances];
      expect(all.every((o) => o.source.address !== undefined && /^\/(resource_changes\/\d+\/change\/after|configuration\/)/.test(o.source.pointer))).toBe(true);
    });
  }

  it('rejects the plan without configuration: the ids of new resources cannot be followed', async () => {
    const problems = await problemsRejected(() => loadSnapshot([plan(NO_CONFIGURATION)]));
    expect(problems).toHaveLength(12);
    expect(problems[0]).toEqual({
      file: plan(NO_CONFIGURATION),
      pointer: '/resource_changes/47/change/after/vpc_id',
      line: expect.any(Number),
      message:
        'aws_subnet.eks_subnet1: vpc_id is known only after apply and synack cannot tell what it refers to: the plan has no "configuration" section to follow references through; expected the complete output of terraform show -json PLANFILE',
    });
    expect(new Set(problems.map((p) => p.pointer!.replace(/^.*\/after\//, '')))).toEqual(new Set(['vpc_id', 'security_group_id', 'subnet_id', 'security_groups', 'vpc_security_group_ids']));
  });

  it('rejects the plan whose rule runs from port 443 down to 22', async () => {
    expect(await problemsRejected(() => loadSnapshot([plan(INVERTED_PORTS)]))).toEqual([
      {
        file: plan(INVERTED_PORTS),
        pointer: '/resource_changes/4/change/after/ingress/0',
        line: expect.any(Number),
        message: 'aws_security_group.example_group_22 ingress[0]: from_port 443 is greater than to_port 22; expected from_port <= to_port',
      },
    ]);
  });
});

describe('what the plans hold (terraform-compliance .expected answers)', () => {
  const load = async (dir: string) => (await loadSnapshot([plan(`${TFC}/${dir}`)])).snapshot;
  const byId = (s: Snapshot, id: string) => s.securityGroups.find((g) => g.id === id);

  it('test_issue-190: the rule added through module.mysg.sg_id opens tcp/22 to 0.0.0.0/0 in module.mysg.aws_security_group.alb', async () => {
    expect(ruleTexts(byId(await load('test_issue-190'), 'module.mysg.aws_security_group.alb'))).toEqual([
      'ingress 6 80-80 10.0.0.0/8 <module.mysg.aws_security_group.alb>',
      'ingress 6 22-22 0.0.0.0/0 <aws_security_group_rule.elb-ingress-ssh>',
    ]);
  });

  it('test_issue-127: tcp/80 is open to 0.0.0.0/0 (so within 10.0.0.0/8) in aws_security_group.elb', async () => {
    expect(ruleTexts(byId(await load('test_issue-127'), 'aws_security_group.elb'))).toContain('ingress 6 80-80 0.0.0.0/0 <aws_security_group.elb>');
  });

  it('test_multiple_failures: tcp/80 is open to 0.0.0.0/0 in both groups, once inline and once by a rule resource', async () => {
    const s = await load('test_multiple_failures');
    expect(ruleTexts(byId(s, 'aws_security_group.failure'))).toContain('ingress 6 80-80 0.0.0.0/0 <aws_security_group.failure>');
    expect(ruleTexts(byId(s, 'aws_security_group.another_failure'))).toEqual(['ingress 6 80-80 0.0.0.0/0 <aws_security_group_rule.another_failure>']);
  });

  it('test_issue_360: ICMP echo is allowed from 0.0.0.0/0 in aws_security_group.allow_ping', async () => {
    expect(ruleTexts(byId(await load('test_issue_360'), 'aws_security_group.allow_ping'))).toEqual(['ingress 1 icmp 8/0 0.0.0.0/0 <aws_security_group.allow_ping>']);
  });

  it('test_issue-216: self references resolve to the group the rule belongs to; tcp/443 goes to 0.0.0.0/0, not 192.*', async () => {
    expect(ruleTexts(byId(await load('test_issue-216'), 'aws_security_group.ecs_task'))).toEqual([
      'ingress 6 0-65535 aws_security_group.ecs_task <aws_security_group_rule.ecs_task_ingress_self>',
      'egress 6 0-65535 aws_security_group.ecs_task <aws_security_group_rule.ecs_task_egress_self>',
      'egress 6 443-443 0.0.0.0/0 <aws_security_group_rule.ecs_task_egress_to_internet_443>',
      'egress 6 1433-1433 10.0.0.0/16 <aws_security_group_rule.ecs_task_egress_to_mssql>',
    ]);
  });

  it('test_issue-249: groups that already exist keep their ids, and rule resources attach to them by id', async () => {
    const asg = byId(await load('test_issue-249'), 'sg-064772947d40297ad');
    expect(asg?.source.address).toBe('module.myapp-asg.aws_security_group.sg_asg');
    expect(ruleTexts(asg)).toContain('ingress 6 4000-4000 sg-0facdb20f33578aa9 <aws_security_group_rule.asg-ingress>');
  });

  it('test_issue-514: a NACL of a module, over both count-indexed subnets, with no rule (its rules are not declared: it denies everything)', async () => {
    const s = await load('test_issue-514');
    expect(s.nacls).toEqual([
      expect.objectContaining({
        id: 'module.vpc_module.aws_network_acl.vpc_subnet_acl',
        vpcId: 'module.vpc_module.aws_vpc.vpc',
        subnetIds: ['module.vpc_module.aws_subnet.vpc_subnet[0]', 'module.vpc_module.aws_subnet.vpc_subnet[1]'],
        inbound: [],
        outbound: [],
      }),
    ]);
    expect(s.subnets.map((x) => x.cidrs[0]?.text)).toEqual(['172.16.0.128/25', '172.16.0.0/25']);
  });

  it("test_issue-158: terraform-aws-modules/vpc's subnets, whose vpc_id is the module's local.vpc_id; its NACLs have count 0", async () => {
    const s = await load('test_issue-158');
    expect(s.vpcs.map((v) => [v.id, v.cidrs[0]?.text])).toEqual([['module.vpc.aws_vpc.this[0]', '10.0.0.0/16']]);
    expect(s.subnets.map((x) => [x.id, x.vpcId])).toEqual([
      ['module.vpc.aws_subnet.private[0]', 'module.vpc.local.vpc_id'],
      ['module.vpc.aws_subnet.private[1]', 'module.vpc.local.vpc_id'],
      ['module.vpc.aws_subnet.private[2]', 'module.vpc.local.vpc_id'],
      ['module.vpc.aws_subnet.public[0]', 'module.vpc.local.vpc_id'],
      ['module.vpc.aws_subnet.public[1]', 'module.vpc.local.vpc_id'],
      ['module.vpc.aws_subnet.public[2]', 'module.vpc.local.vpc_id'],
    ]);
    expect(s.nacls).toEqual([]);
  });

  it('checkov for_each plan: module instance keys are part of the addresses', async () => {
    const { snapshot } = await loadSnapshot([plan(`${CHECKOV}/common/runner_registry/plan_with_for_each_for_enrichment/tf_plan.json`)]);
    expect(snapshot.securityGroups.map((g) => g.id)).toEqual([
      'module.sg["awful_example"].aws_security_group.bad',
      'module.sg["bad_example"].aws_security_group.bad',
      'module.sg["terrible_example"].aws_security_group.bad',
    ]);
    expect(ruleTexts(snapshot.securityGroups[0])).toEqual(['ingress -1 * 0.0.0.0/0 <module.sg["awful_example"].aws_security_group.bad>']);
  });

  it('checkov plan: instances in a new subnet carry the new group; an interface without groups gets its VPC default group', async () => {
    const { snapshot } = await loadSnapshot([plan(`${CHECKOV}/terraform/runner/resources/plan/tfplan.json`)]);
    expect(snapshot.enis.map((e) => [e.id, e.subnetId, e.groupIds.join()])).toEqual([
      ['aws_network_interface.web-eni', 'aws_subnet.web_subnet', 'aws_vpc.web_vpc.default_security_group_id'],
      ['aws_instance.db_app.primary_network_interface_id', 'aws_subnet.web_subnet', 'aws_security_group.web-node'],
      ['aws_instance.web_host.primary_network_interface_id', 'aws_subnet.web_subnet', 'aws_security_group.web-node'],
    ]);
  });
});
