import type { NumberSet } from '../engine/fix.js';

/**
 * The NACL rules that fixes of one lint run propose, by number, per NACL and direction. Each fix is
 * computed against the NACL as it is, so two findings on one NACL would otherwise both propose the first
 * free number for different rules — and the second `create-network-acl-entry` of the pair fails. A later
 * fix treats the numbers of other proposed rules as used; the same rule proposed twice keeps one number.
 */
export class ProposedNumbers {
  private readonly byList = new Map<string, Map<number, string>>();

  /**
   * Numbers proposed so far for the NACL's inbound or outbound rules, except for the rule `rule`. A live
   * view, not a copy: ask it before the next claim (copying every proposal of a NACL for each fix cost more
   * than the fix).
   */
  takenBy(naclId: string, egress: boolean, rule: string): NumberSet {
    const list = this.byList.get(key(naclId, egress));
    if (!list) return EMPTY;
    return {
      has: (n) => {
        const r = list.get(n);
        return r !== undefined && r !== rule;
      },
    };
  }

  claim(naclId: string, egress: boolean, number: number | undefined, rule: string): void {
    if (number === undefined) return;
    const k = key(naclId, egress);
    let list = this.byList.get(k);
    if (!list) this.byList.set(k, (list = new Map()));
    if (!list.has(number)) list.set(number, rule);
  }
}

/** What a proposed rule is, for telling one proposal from another: `allow tcp 1024-65535 0.0.0.0/0`. */
export function proposedRuleText(rule: { readonly action: string; readonly protocol: string | number; readonly ports?: string; readonly peer: string }): string {
  return `${rule.action} ${rule.protocol} ${rule.ports ?? ''} ${rule.peer}`;
}

const EMPTY: NumberSet = new Set<number>();

function key(naclId: string, egress: boolean): string {
  return `${naclId}|${egress ? 'out' : 'in'}`;
}
