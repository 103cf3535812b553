// Third-party inputs (../shared/realdata): what real exporters write must import, or fail for a stated reason.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/model/snapshot.js';
import { loadSnapshot } from '../../src/sources/index.js';
import { REALDATA, problemsRejected } from './helpers.js';

interface Counts {
  vpcs: number;
  subnets: number;
  nacls: number;
  groups: number;
  enis: number;
  instances: number;
  prefixLists?: number;
}

function counts(s: Snapshot): Counts {
  const c: Counts = { vpcs: s.vpcs.length, subnets: s.subnets.length, nacls: s.nacls.length, groups: s.securityGroups.length, enis: s.enis.length, instances: s.instances.length };
  if (s.prefixLists.length) c.prefixLists = s.prefixLists.length;
  return c;
}

const real = (...parts: string[]): string => path.join(REALDATA, ...parts);

describe('np-guard collector output', () => {
  const expected: Record<string, Counts> = {
    'input_aws_acl_1.json': { vpcs: 2, subnets: 7, nacls: 5, groups: 3, enis: 6, instances: 6 },
    'input_aws_mixed.json': { vpcs: 2, subnets: 6, nacls: 3, groups: 6, enis: 6, instances: 6 },
    'input_aws_sg_1.json': { vpcs: 2, subnets: 7, nacls: 2, groups: 6, enis: 5, instances: 17 },
    'input_aws_sg_1_allow_sg_private.json': { vpcs: 2, subnets: 7, nacls: 2, groups: 6, enis: 5, instances: 17 },
    'input_basic_config_with_sg.json': { vpcs: 2, subnets: 5, nacls: 2, groups: 3, enis: 2, instances: 2 },
  };

  it('covers every file of the folder', () => {
    expect(readdirSync(real('np-guard')).filter((f) => f.endsWith('.json')).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`imports ${file}`, async () => {
      const { snapshot } = await loadSnapshot([real('np-guard', file)]);
      expect(counts(snapshot)).toEqual(want);
    });
  }

  it("reads the instances' interfaces with their groups, subnets and addresses", async () => {
    const { snapshot } = await loadSnapshot([real('np-guard', 'input_aws_acl_1.json')]);
    expect(snapshot.enis.every((e) => e.groupIds.join() === 'GroupId:10' && e.instanceId !== undefined && e.deviceIndex === 0)).toBe(true);
    const first = snapshot.enis[0];
    expect(first).toMatchObject({ id: 'NetworkInterfaceId:9', subnetId: 'SubnetId:6', vpcId: 'VpcId:5', instanceId: 'InstanceId:7', interfaceType: 'interface' });
    expect(first?.privateIps.map((a) => a.text)).toEqual(['10.240.3.195']);
    expect(first?.source.pointer).toBe('/instances/0/NetworkInterfaces/0');
    expect(snapshot.instances[0]).toMatchObject({ id: 'InstanceId:7', eniIds: ['NetworkInterfaceId:9'], state: 'running' });
    const acl2 = snapshot.nacls.find((n) => n.id === 'NetworkAclId:43');
    expect(acl2).toMatchObject({ name: 'acl2', vpcId: 'VpcId:5', subnetIds: ['SubnetId:15'] });
    expect(acl2?.outbound.map((r) => `${r.number} ${r.action} ${r.cidr.text}`)).toEqual([
      '5 allow 147.235.208.136/32',
      '10 allow 10.240.0.0/24',
      '20 deny 10.240.1.0/24',
      '30 allow 10.240.3.0/24',
      '32767 deny 0.0.0.0/0',
    ]);
    expect(snapshot.vpcs.map((v) => [v.id, v.region, v.name])).toEqual([
      ['VpcId:5', 'eu-north-1', 'prod_vpc'],
      ['VpcId:42', 'eu-north-1', undefined],
    ]);
  });

  it('keeps terminated instances without interfaces, and instances with several groups', async () => {
    const sg = await loadSnapshot([real('np-guard', 'input_aws_sg_1_allow_sg_private.json')]);
    const terminated = sg.snapshot.instances.filter((i) => i.state === 'terminated');
    expect(terminated).toHaveLength(12);
    expect(terminated.every((i) => i.eniIds.length === 0)).toBe(true);
    expect(sg.snapshot.enis.find((e) => e.id === 'NetworkInterfaceId:41')?.groupIds).toEqual(['GroupId:42', 'GroupId:35']);
  });
});

const BATFISH = 'batfish_batfish';
const BF_TESTS = `${BATFISH}/projects/batfish/src/test/resources/org/batfish`;

describe('Batfish aws_configs snapshots', () => {
  const imports: Record<string, Counts> = {
    [`${BATFISH}/networks/hybrid-cloud-aws/aws_configs`]: { vpcs: 4, subnets: 10, nacls: 4, groups: 11, enis: 9, instances: 4, prefixLists: 2 },
    [`${BF_TESTS}/grammar/aws/testrigs/ipsec-vpn-host-aws-cisco/aws_configs`]: { vpcs: 1, subnets: 1, nacls: 1, groups: 1, enis: 1, instances: 0 },
    [`${BF_TESTS}/main/snapshots/load_vendor_configurations/aws_configs`]: { vpcs: 1, subnets: 1, nacls: 1, groups: 3, enis: 1, instances: 1 },
    [`${BF_TESTS}/representation/aws/test-direct-connect-gateway/aws_configs`]: { vpcs: 2, subnets: 2, nacls: 2, groups: 1, enis: 1, instances: 1 },
    [`${BF_TESTS}/representation/aws/test-direct-connect-private-vif/aws_configs`]: { vpcs: 1, subnets: 1, nacls: 1, groups: 1, enis: 1, instances: 1 },
    [`${BF_TESTS}/representation/aws/test-load-balancer/aws_configs`]: { vpcs: 1, subnets: 3, nacls: 1, groups: 3, enis: 5, instances: 3, prefixLists: 2 },
    [`${BF_TESTS}/representation/aws/test-multi-account/aws_configs`]: { vpcs: 2, subnets: 0, nacls: 0, groups: 0, enis: 0, instances: 0 },
    [`${BF_TESTS}/representation/aws/test-nat-gateway/aws_configs`]: { vpcs: 1, subnets: 3, nacls: 2, groups: 3, enis: 4, instances: 3 },
    [`${BF_TESTS}/representation/aws/test-public-private-subnet/aws_configs`]: { vpcs: 1, subnets: 2, nacls: 1, groups: 3, enis: 2, instances: 2 },
    [`${BF_TESTS}/representation/aws/test-public-subnet/aws_configs`]: { vpcs: 1, subnets: 1, nacls: 1, groups: 2, enis: 1, instances: 1 },
    [`${BF_TESTS}/representation/aws/test-subnet/aws_configs`]: { vpcs: 1, subnets: 1, nacls: 1, groups: 3, enis: 2, instances: 2 },
    [`${BF_TESTS}/representation/aws/test-transit-gateway/aws_configs`]: { vpcs: 2, subnets: 3, nacls: 2, groups: 5, enis: 5, instances: 4 },
    [`${BF_TESTS}/representation/aws/test-transit-gateway-asymmetric-paths/aws_configs`]: { vpcs: 2, subnets: 2, nacls: 4, groups: 4, enis: 6, instances: 2, prefixLists: 2 },
    [`${BF_TESTS}/representation/aws/test-transit-gateway-multi-account/aws_configs`]: { vpcs: 2, subnets: 4, nacls: 0, groups: 4, enis: 4, instances: 4 },
    [`${BF_TESTS}/representation/aws/test-transit-gateway-multi-table/aws_configs`]: { vpcs: 2, subnets: 3, nacls: 2, groups: 5, enis: 5, instances: 3 },
    [`${BF_TESTS}/representation/aws/test-transit-gateway-peering/aws_configs`]: { vpcs: 3, subnets: 3, nacls: 3, groups: 6, enis: 6, instances: 3, prefixLists: 4 },
    [`${BF_TESTS}/representation/aws/test-vpc-endpoint-gateway/aws_configs`]: { vpcs: 1, subnets: 2, nacls: 2, groups: 2, enis: 2, instances: 2, prefixLists: 2 },
    [`${BF_TESTS}/representation/aws/test-vpc-endpoint-interface/aws_configs`]: { vpcs: 1, subnets: 2, nacls: 2, groups: 2, enis: 3, instances: 2, prefixLists: 2 },
    [`${BF_TESTS}/representation/aws/test-vpc-peering/aws_configs`]: { vpcs: 3, subnets: 3, nacls: 3, groups: 6, enis: 3, instances: 3 },
    [`${BF_TESTS}/representation/aws/test-vpc-peering-multi-account/aws_configs`]: { vpcs: 2, subnets: 2, nacls: 0, groups: 4, enis: 2, instances: 3 },
    [`${BF_TESTS}/representation/aws/test-vpn-gateway/aws_configs`]: { vpcs: 1, subnets: 1, nacls: 1, groups: 3, enis: 1, instances: 1 },
  };
  const trimmed = `${BF_TESTS}/representation/aws/test/aws_configs`;
  const noNetworkData = `${BF_TESTS}/representation/aws/test-direct-connect-gateway-multi-region/aws_configs`;

  it('covers every aws_configs folder', () => {
    const found = readdirSync(real(BATFISH), { recursive: true, encoding: 'utf8' })
      .filter((p) => path.basename(p) === 'aws_configs')
      .map((p) => `${BATFISH}/${p.split(path.sep).join('/')}`)
      .sort();
    expect(found).toEqual([...Object.keys(imports), trimmed, noNetworkData].sort());
  });

  for (const [folder, want] of Object.entries(imports)) {
    it(`imports ${folder.replace(`${BF_TESTS}/`, '')}`, async () => {
      const { snapshot } = await loadSnapshot([real(folder)]);
      expect(counts(snapshot)).toEqual(want);
    });
  }

  it('reads a multi-account layout (accounts/<id>/<region>/) and the hybrid-cloud prefix lists with inline CIDRs', async () => {
    const peering = await loadSnapshot([real(BF_TESTS, 'representation/aws/test-transit-gateway-peering/aws_configs')]);
    expect(new Set(peering.snapshot.inputs.map((f) => f.split(path.sep).slice(-3, -1).join('/')))).toEqual(
      new Set(['804819755326/us-west-1', '732168539940/us-east-1']),
    );
    const hybrid = await loadSnapshot([real(BATFISH, 'networks/hybrid-cloud-aws/aws_configs')]);
    expect(hybrid.snapshot.prefixLists.map((p) => [p.id, p.cidrs?.length])).toEqual([
      ['pl-68a54001', 3],
      ['pl-00a54069', 1],
    ]);
  });

  it('rejects the trimmed unit-test snapshot, which references a subnet and a group it does not hold', async () => {
    const problems = await problemsRejected(() => loadSnapshot([real(trimmed)]));
    expect(problems).toEqual([
      {
        file: real(trimmed, 'NetworkAcls.json'),
        pointer: '/NetworkAcls/1/Associations/1/SubnetId',
        line: 65,
        message:
          'network ACL acl-008d1f79 is associated with subnet subnet-9c240cfa, which is not among the 1 subnets of vpc-6f6f8316 in this snapshot; expected a subnet the snapshot holds (export all subnets, or drop the stale association)',
      },
      {
        file: real(trimmed, 'NetworkInterfaces.json'),
        pointer: '/NetworkInterfaces/0/Groups/0/GroupId',
        line: 17,
        message:
          'network interface eni-d2b094fc carries security group sg-331ad04e, which is not among the 1 groups of vpc-b390fad5 in this snapshot; expected a group the snapshot holds',
      },
    ]);
  });

  it('reports a snapshot that holds no NACL, group or VPC data at all (Direct Connect gateways only)', async () => {
    const problems = await problemsRejected(() => loadSnapshot([real(noNetworkData)]));
    expect(problems).toEqual([{ file: real(noNetworkData), message: expect.stringMatching(/^no input in a format synack reads/) }]);
  });
});

describe('cloudmapper demo account', () => {
  const demo = real('duo-labs_cloudmapper/account-data/demo/us-east-1');

  it('reads the VPC, subnets and network interfaces', async () => {
    const files = ['ec2-describe-vpcs.json', 'ec2-describe-subnets.json', 'ec2-describe-network-interfaces.json'].map((f) => path.join(demo, f));
    const { snapshot } = await loadSnapshot(files);
    expect(counts(snapshot)).toEqual({ vpcs: 1, subnets: 4, nacls: 0, groups: 0, enis: 1, instances: 0 });
    expect(snapshot.enis[0]).toMatchObject({ id: 'eni-00000001', groupIds: ['sg-00000008'], requesterManaged: true });
  });

  it('rejects the anonymised export: a CIDR with host bits set, and one ENI id reused by three instances', async () => {
    const problems = await problemsRejected(() => loadSnapshot([demo]));
    const instances = path.join(demo, 'ec2-describe-instances.json');
    expect(problems.map((p) => [path.basename(p.file), p.pointer, p.line, p.message])).toEqual([
      [
        'ec2-describe-security-groups.json',
        '/SecurityGroups/6/IpPermissions/0/IpRanges/1/CidrIp',
        257,
        'CidrIp "2.2.2.2/28" has host bits set; AWS stores canonical blocks: did you mean 2.2.2.0/28?',
      ],
      [
        'ec2-describe-instances.json',
        '/Reservations/0/Instances/1/NetworkInterfaces/0',
        137,
        `network interface eni-00000000 is defined twice with different content: in ${instances} at /Reservations/0/Instances/0/NetworkInterfaces/0 and in ${instances} at /Reservations/0/Instances/1/NetworkInterfaces/0; expected one definition per id (load one export per resource)`,
      ],
      ['ec2-describe-instances.json', '/Reservations/0/Instances/2/NetworkInterfaces/0', 235, expect.stringMatching(/^network interface eni-00000000 is defined twice/)],
    ]);
  });
});

describe('cloud-custodian recorded responses (placebo wrappers)', () => {
  const root = real('cloud-custodian_cloud-custodian');
  const all = readdirSync(root, { recursive: true, encoding: 'utf8' }).sort();
  const pick = (pattern: RegExp): string[] => all.filter((p) => pattern.test(path.basename(p)));
  const groups = pick(/^ec2\.DescribeSecurityGroups_\d+\.json$/);
  const nacls = pick(/^ec2\.DescribeNetworkAcls_\d+\.json$/);
  const hostBits = 'tests/data/placebo/test_appelb_add_security_group/ec2.DescribeSecurityGroups_1.json';

  it('finds the recorded security groups and network ACLs', () => {
    expect(groups).toHaveLength(80);
    expect(nacls).toHaveLength(3);
  });

  it('imports every recorded DescribeSecurityGroups response but one', async () => {
    let total = 0;
    for (const file of groups.filter((f) => f !== hostBits)) {
      const { snapshot } = await loadSnapshot([path.join(root, file)]);
      expect(snapshot.securityGroups.length, file).toBeGreaterThan(0);
      expect(snapshot.securityGroups.every((g) => g.source.pointer.startsWith('/data/SecurityGroups/')), file).toBe(true);
      total += snapshot.securityGroups.length;
    }
    expect(total).toBe(206);
  });

  it('rejects the response whose CIDR has host bits set', async () => {
    const problems = await problemsRejected(() => loadSnapshot([path.join(root, hostBits)]));
    expect(problems).toEqual([
      {
        file: path.join(root, hostBits),
        pointer: '/data/SecurityGroups/0/IpPermissions/0/IpRanges/0/CidrIp',
        line: 14,
        message: 'CidrIp "192.168.0.1/31" has host bits set; AWS stores canonical blocks: did you mean 192.168.0.0/31?',
      },
    ]);
  });

  it('imports every recorded DescribeNetworkAcls response', async () => {
    for (const file of nacls) {
      const { snapshot } = await loadSnapshot([path.join(root, file)]);
      expect(snapshot.nacls, file).toHaveLength(1);
      expect(snapshot.nacls[0]?.source.pointer).toBe('/data/NetworkAcls/0');
    }
  });

  it('reads DescribeManagedPrefixLists with unknown CIDRs, and rejects GetManagedPrefixListEntries that name no list', async () => {
    const dir = path.join(root, 'tests/data/placebo/test_prefix_list_entry');
    const { snapshot } = await loadSnapshot([path.join(dir, 'ec2.DescribeManagedPrefixLists_1.json')]);
    expect(snapshot.prefixLists.length).toBeGreaterThan(0);
    expect(snapshot.prefixLists.every((p) => p.cidrs === undefined && p.family === 4)).toBe(true);
    const problems = await problemsRejected(() => loadSnapshot([dir]));
    expect(problems.map((p) => [path.basename(p.file), p.pointer, p.line])).toEqual([
      ['ec2.GetManagedPrefixListEntries_1.json', '/data/Entries', 4],
      ['ec2.GetManagedPrefixListEntries_2.json', '/data/Entries', 4],
    ]);
    expect(problems[0]?.message).toMatch(/without a prefix list id; expected a top-level "PrefixListId"/);
  });
});
