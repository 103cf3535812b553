import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { subnetsOverlapping } from '../../src/lint/client-ranges.js';
import { ProposedNumbers } from '../../src/lint/proposed-numbers.js';
import { defaultSettings, type LintContext } from '../../src/lint/types.js';
import { SnapshotIndex } from '../../src/model/snapshot-index.js';
import { cidrSet, type Family } from '../../src/net/address.js';
import { IntervalSet } from '../../src/net/interval-set.js';
import { snapshot, subnet } from '../helpers/model.js';

function context(subnets: ReturnType<typeof subnet>[]): LintContext {
  const snap = snapshot({ subnets });
  return { snapshot: snap, index: new SnapshotIndex(snap), settings: defaultSettings(), proposed: new ProposedNumbers() };
}

// Blocks of 10.0.0.0/24 and fd00::/120 of every size, so that subnets nest, overlap (two VPCs may reuse a
// range) and lie apart, and peers fall between them.
const v4 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 32 })).map(([at, len]) => `10.0.0.${at & ~((1 << (32 - len)) - 1) & 255}/${len}`);
const v6 = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 120, max: 128 })).map(([at, len]) => `fd00::${(at & ~((1 << (128 - len)) - 1) & 255).toString(16)}/${len}`);

describe('subnetsOverlapping', () => {
  it('finds exactly the subnets whose blocks meet the peers, in snapshot order (checked against a scan of every subnet)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.oneof(v4, v6), { minLength: 1, maxLength: 2 }), { maxLength: 12 }), fc.array(fc.oneof(v4, v6), { minLength: 1, maxLength: 3 }), (blocks, peerBlocks) => {
        const subnets = blocks.map((cidrs, i) => subnet(`subnet-${i}`, cidrs, `vpc-${i % 2}`));
        const ctx = context(subnets);
        for (const family of [4, 6] as Family[]) {
          const peers = IntervalSet.unionAll(peerBlocks.filter((c) => c.includes(':') === (family === 6)).map((c) => cidrSet(subnet('p', c).cidrs[0]!)));
          if (peers.isEmpty()) continue;
          const expected = subnets.filter((s) => s.cidrs.some((c) => c.family === family && cidrSet(c).overlaps(peers))).map((s) => s.id);
          expect(subnetsOverlapping(ctx, family, peers).map((s) => s.subnet.id)).toEqual(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('finds a large subnet that starts before smaller ones the peers lie beyond', () => {
    const ctx = context([subnet('subnet-small', '10.0.1.0/24'), subnet('subnet-far', '10.0.200.0/24'), subnet('subnet-wide', '10.0.0.0/16', 'vpc-2')]);
    expect(subnetsOverlapping(ctx, 4, cidrSet(subnet('p', '10.0.100.7/32').cidrs[0]!)).map((s) => s.subnet.id)).toEqual(['subnet-wide']);
  });
});
