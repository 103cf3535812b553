// The AWS API actions `synack fetch` calls — all read-only — and the IAM policy that allows exactly them.
// No SDK import here: `--print-iam-policy` and the docs test read this without loading the AWS SDK.

/** EC2 actions, in the order of the IAM policy (alphabetical). */
export const EC2_ACTIONS = [
  'DescribeInstances',
  'DescribeManagedPrefixLists',
  'DescribeNetworkAcls',
  'DescribeNetworkInterfaces',
  'DescribeRegions',
  'DescribeRouteTables',
  'DescribeSecurityGroupRules',
  'DescribeSecurityGroups',
  'DescribeSubnets',
  'DescribeVpcs',
  'GetManagedPrefixListEntries',
] as const;

export type Ec2Action = (typeof EC2_ACTIONS)[number];

/** STS actions: the account id for the snapshot's metadata (GetCallerIdentity needs no permission). */
export const STS_ACTIONS = ['GetCallerIdentity'] as const;

export type StsAction = (typeof STS_ACTIONS)[number];

/** `ec2:DescribeVpcs`, the name IAM policies and AccessDenied messages use. */
export function iamActionName(service: 'ec2' | 'sts', action: string): string {
  return `${service}:${action}`;
}

/** The minimal read-only IAM policy for `synack fetch` and `--live` (also docs/iam-policy.json and the README). */
export function iamPolicy(): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'SynackReadNetwork',
        Effect: 'Allow',
        Action: [...EC2_ACTIONS.map((a) => iamActionName('ec2', a)), ...STS_ACTIONS.map((a) => iamActionName('sts', a))],
        Resource: '*',
      },
    ],
  };
}

export function iamPolicyText(): string {
  return `${JSON.stringify(iamPolicy(), null, 2)}\n`;
}
