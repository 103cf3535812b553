import { formatPortRange, formatPortSet } from '../../net/ports.js';
import { TCP } from '../../model/protocol.js';
import { blockersText, gapFinding, serviceText } from '../reply-gap-findings.js';
import { replyGaps } from '../reply-gaps.js';
import type { FindingDraft, LintContext, LintRule } from '../types.js';

/**
 * A request the NACL lets through whose reply the same NACL denies for every client port: judged with the
 * engine over sets (reply-gaps.ts), for the packets each service rule actually decides.
 */
export const naclReturnMissing: LintRule = {
  meta: {
    id: 'nacl-return-missing',
    severity: 'error',
    summary: 'A NACL allows a TCP/UDP service one way but denies its replies to the whole client port range the other way.',
    rationale:
      'NACLs are stateless: the reply to a request needs its own rule for the client’s ephemeral port. Without it the request arrives and the connection never completes.',
    docs: 'docs/rules/nacl-return-missing.md',
  },
  check(ctx: LintContext): FindingDraft[] {
    return replyGaps(ctx)
      .filter((gap) => gap.whole)
      .map((gap) => {
        const range = formatPortRange(gap.client.range);
        const consequence = gap.service.egress
          ? `the subnet's clients never get ${gap.protocol === TCP ? 'the SYN-ACK' : 'a response'}`
          : `clients never get ${gap.protocol === TCP ? 'the SYN-ACK' : 'a response'}`;
        const message =
          `${serviceText(gap)} on client ports ${range} (${blockersText(gap.blockers)}): ${consequence}. ` +
          `Client range ${range}: ${gap.client.reason}. ${gap.fix.summary}`;
        return gapFinding(gap, message, { deniedRanges: gap.denied.toNumberRanges(), missing: formatPortSet(gap.denied) });
      });
  },
};
