// Seeded generator of synthetic AWS accounts, written as AWS CLI `describe-*` JSON files.
// Usage: node bench/generate.js OUT_DIR [--size small|medium|large] [--enis N] [--groups N] [--group-rules N]
//                               [--nacls N] [--nacl-rules N] [--seed N]
// `large` is the account of issue 6: 20,000 ENIs, 5,000 security groups with 100,000 rules, 500 NACLs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a tiny seeded PRNG, so the same options always give the same account. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SERVICE_PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 9200, 27017];

/**
 * Account sizes for the benchmarks. A group has `groupRules` inbound rules and one outbound rule, so
 * `groups * (groupRules + 1)` security group rules in all; NACLs have `naclRules` entries (half each way).
 */
export const SIZES = {
  small: { enis: 2000, groups: 500, groupRules: 19, nacls: 50, naclRules: 20 },
  medium: { enis: 8000, groups: 2000, groupRules: 19, nacls: 200, naclRules: 20 },
  // Issue 3's figure: 45,000 security group rules and 5,000 NACL entries, 50,000 rules in all.
  rules50k: { enis: 9000, groups: 2250, groupRules: 19, nacls: 250, naclRules: 20 },
  large: { enis: 20000, groups: 5000, groupRules: 19, nacls: 500, naclRules: 20 },
};
const hex = (n, width = 17) => n.toString(16).padStart(width, '0');

export function generateAccount(options = {}) {
  const o = { enis: 2000, groups: 500, groupRules: 10, nacls: 50, naclRules: 20, subnetsPerNacl: 2, vpcs: 5, seed: 1, ...options };
  const rand = prng(o.seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const owner = '123456789012';

  const vpcs = Array.from({ length: o.vpcs }, (_, v) => ({ VpcId: `vpc-${hex(v)}`, CidrBlock: `10.${v}.0.0/16`, OwnerId: owner, IsDefault: false, State: 'available', Tags: [{ Key: 'Name', Value: `vpc-${v}` }] }));
  const subnetCount = o.nacls * o.subnetsPerNacl;
  const subnets = Array.from({ length: subnetCount }, (_, s) => {
    const v = s % o.vpcs;
    const third = Math.floor(s / o.vpcs);
    return { SubnetId: `subnet-${hex(s)}`, VpcId: vpcs[v].VpcId, CidrBlock: `10.${v}.${third}.0/24`, AvailabilityZone: 'eu-west-1a', State: 'available', OwnerId: owner, Tags: [{ Key: 'Name', Value: `subnet-${s}` }] };
  });
  const cidrOf = (s) => subnets[s].CidrBlock;

  const nacls = Array.from({ length: o.nacls }, (_, n) => {
    const vpcId = subnets[n * o.subnetsPerNacl].VpcId;
    const mine = Array.from({ length: o.subnetsPerNacl }, (_, k) => subnets[n * o.subnetsPerNacl + k]).filter((s) => s.VpcId === vpcId);
    const entries = [];
    for (const egress of [false, true]) {
      const perDirection = Math.max(2, Math.floor(o.naclRules / 2));
      for (let r = 0; r < perDirection - 2; r++) {
        const port = pick(SERVICE_PORTS);
        entries.push({ RuleNumber: 100 + r * 10, Egress: egress, Protocol: pick(['6', '6', '17']), RuleAction: rand() < 0.15 ? 'deny' : 'allow', CidrBlock: rand() < 0.3 ? '0.0.0.0/0' : cidrOf(int(0, subnetCount - 1)), PortRange: { From: port, To: port } });
      }
      entries.push({ RuleNumber: 100 + (perDirection - 2) * 10, Egress: egress, Protocol: '6', RuleAction: 'allow', CidrBlock: '10.0.0.0/8', PortRange: rand() < 0.7 ? { From: 1024, To: 65535 } : { From: 32768, To: 65535 } });
      entries.push({ RuleNumber: 32767, Egress: egress, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' });
    }
    return {
      NetworkAclId: `acl-${hex(n)}`,
      VpcId: vpcId,
      IsDefault: false,
      OwnerId: owner,
      Associations: mine.map((s, k) => ({ NetworkAclAssociationId: `aclassoc-${hex(n * 10 + k)}`, NetworkAclId: `acl-${hex(n)}`, SubnetId: s.SubnetId })),
      Entries: entries,
      Tags: [{ Key: 'Name', Value: `nacl-${n}` }],
    };
  });

  // Most groups keep AWS's allow-all egress; some only reach the VPCs, some only HTTPS anywhere.
  const egressRule = () => {
    const r = rand();
    const base = { Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
    if (r < 0.8) return { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], ...base };
    if (r < 0.9) return { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '10.0.0.0/8' }], ...base };
    return { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], ...base };
  };
  const groups = Array.from({ length: o.groups }, (_, g) => {
    const vpcId = vpcs[g % o.vpcs].VpcId;
    const ingress = Array.from({ length: o.groupRules }, () => {
      const port = pick(SERVICE_PORTS);
      const peerGroup = rand() < 0.3 ? `sg-${hex(int(0, o.groups - 1))}` : undefined;
      return {
        IpProtocol: 'tcp',
        FromPort: port,
        ToPort: port,
        IpRanges: peerGroup ? [] : [{ CidrIp: rand() < 0.1 ? '0.0.0.0/0' : cidrOf(int(0, subnetCount - 1)) }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: peerGroup ? [{ GroupId: peerGroup, UserId: owner }] : [],
      };
    });
    return {
      GroupId: `sg-${hex(g)}`,
      GroupName: `group-${g}`,
      Description: `synthetic group ${g}`,
      VpcId: vpcId,
      OwnerId: owner,
      IpPermissions: ingress,
      IpPermissionsEgress: [egressRule()],
      Tags: [],
    };
  });

  const enis = Array.from({ length: o.enis }, (_, e) => {
    const s = e % subnetCount;
    const subnet = subnets[s];
    const [a, b, c] = subnet.CidrBlock.split('.');
    const host = 4 + Math.floor(e / subnetCount);
    const address = `${a}.${b}.${c}.${host % 250 + 4}`;
    const vpcIndex = vpcs.findIndex((v) => v.VpcId === subnet.VpcId);
    const myGroups = Array.from({ length: int(1, 3) }, () => groups[(int(0, Math.floor(o.groups / o.vpcs) - 1) * o.vpcs + vpcIndex) % o.groups]);
    return {
      NetworkInterfaceId: `eni-${hex(e)}`,
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      InterfaceType: 'interface',
      PrivateIpAddress: address,
      PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: address }],
      Ipv6Addresses: [],
      Groups: [...new Map(myGroups.map((g) => [g.GroupId, { GroupId: g.GroupId, GroupName: g.GroupName }])).values()],
      Status: 'in-use',
      OwnerId: owner,
      // `app` follows the first group: ENIs of one application share it (for `matrix --by tag:app`).
      TagSet: [{ Key: 'Name', Value: `eni-${e}` }, { Key: 'app', Value: `app-${Number.parseInt(myGroups[0].GroupId.slice(3), 16) % 50}` }],
    };
  });
  // Addresses must be unique per VPC: drop ENIs whose address repeats (only at extreme sizes).
  const seen = new Set();
  const uniqueEnis = enis.filter((e) => {
    const k = `${e.VpcId}/${e.PrivateIpAddress}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { Vpcs: vpcs, Subnets: subnets, NetworkAcls: nacls, SecurityGroups: groups, NetworkInterfaces: uniqueEnis };
}

export function writeAccount(dir, account) {
  mkdirSync(dir, { recursive: true });
  for (const [key, file] of [['Vpcs', 'vpcs.json'], ['Subnets', 'subnets.json'], ['NetworkAcls', 'network-acls.json'], ['SecurityGroups', 'security-groups.json'], ['NetworkInterfaces', 'network-interfaces.json']]) {
    writeFileSync(join(dir, file), JSON.stringify({ [key]: account[key] }, null, 2));
  }
}

export function countRules(account) {
  const nacl = account.NetworkAcls.reduce((n, a) => n + a.Entries.length, 0);
  const sg = account.SecurityGroups.reduce((n, g) => n + g.IpPermissions.length + g.IpPermissionsEgress.length, 0);
  return { nacl, sg, total: nacl + sg };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [out, ...rest] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node bench/generate.js OUT_DIR [--size small|medium|large] [--enis N] [--groups N] [--group-rules N] [--nacls N] [--nacl-rules N] [--seed N]');
    process.exit(2);
  }
  let opts = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
    if (key === 'size') {
      if (!SIZES[rest[i + 1]]) {
        console.error(`unknown size ${rest[i + 1]}: expected ${Object.keys(SIZES).join(', ')}`);
        process.exit(2);
      }
      opts = { ...SIZES[rest[i + 1]], ...opts };
    } else {
      opts[key] = Number(rest[i + 1]);
    }
  }
  const account = generateAccount(opts);
  writeAccount(out, account);
  console.log(JSON.stringify(countRules(account)));
}
