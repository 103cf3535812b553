import { formatPortRange, formatPortSet } from '../../net/ports.js';
import { percent } from '../finding-text.js';
import { blockersText, gapFinding, serviceText } from '../reply-gap-findings.js';
import { replyGaps } from '../reply-gaps.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/**
 * The reply half exists but covers only part of the clients' ephemeral range: connections fail whenever
 * the client picks a source port in the gap. Same analysis as nacl-return-missing (reply-gaps.ts).
 */
export const naclReturnPartial: LintRule = {
  meta: {
    id: 'nacl-return-partial',
    severity: 'warning',
    summary: 'A NACL lets the replies of a TCP/UDP service through for only part of the clients’ ephemeral port range.',
    rationale:
      'A client picks its source port anywhere in its ephemeral range; when the NACL lets replies through to only part of it, a share of connections fails at random — the hardest kind of outage to explain.',
    docs: 'docs/rules/nacl-return-partial.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    return replyGaps(ctx)
      .filter((gap) => !gap.whole)
      .map((gap) => {
        const range = formatPortRange(gap.client.range);
        const missing = formatPortSet(gap.denied);
        const message =
          `${serviceText(gap)} on client ports ${missing} (${blockersText(gap.blockers)}), part of the client range ${range} (${gap.client.reason}): ` +
          `about ${percent(gap.deniedShare)} of connections fail — those whose client picks a source port there. ${gap.fix.summary}`;
        return gapFinding(gap, message, { missing, failingShare: Math.round(gap.deniedShare * 1e6) / 1e6 });
      });
  },
};
