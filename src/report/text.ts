import type { EndpointSummary, FlowResult, Hop, HopSegment, RuleRef, Verdict } from '../engine/types.js';
import type { SourceLocation } from '../model/source.js';
import { escapeTerminal } from './escape.js';
import type { FlowCheck } from './json.js';
import { painter, type Paint, type Style } from './paint.js';

/**
 * Human output of `synack trace` and `synack check`. Pure: the caller decides about colour (TTY, NO_COLOR,
 * --no-color). Every string that may come from the input goes through `escapeTerminal`, so a rule
 * description cannot move the cursor, change colours or rewrite the screen.
 */
export interface TextOptions {
  readonly color: boolean;
}

const e = escapeTerminal;

const VERDICT_STYLE: Record<Verdict, Style> = { reachable: 'green', partial: 'yellow', unreachable: 'red', unknown: 'magenta' };

const MARK: Record<Hop['decision'], { mark: string; style: Style }> = {
  allow: { mark: '✓', style: 'green' },
  stateful: { mark: '✓', style: 'green' },
  deny: { mark: '✗', style: 'red' },
  partial: { mark: '~', style: 'yellow' },
  unknown: { mark: '?', style: 'magenta' },
  skipped: { mark: '–', style: 'dim' },
  'not-evaluated': { mark: '–', style: 'dim' },
};

const LABEL_WIDTH = 9; // "verdict  ", "fix      ", …

// ───────────────────────────────────────────── trace ─────────────────────────────────────────────

export function renderTrace(result: FlowResult, opts: TextOptions): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  lines.push(header(result, paint));
  for (const [word, ep] of [['from', result.from], ['to', result.to]] as const) {
    if (ep.resolution !== undefined) lines.push(paint(`  ${word.padEnd(5)}${e(ep.resolution)}`, 'dim'));
  }
  const table = new HopTable([...result.request, ...result.reply]);
  for (const leg of ['request', 'reply'] as const) {
    const hops = leg === 'request' ? result.request : result.reply;
    lines.push(paint(leg, 'bold'));
    if (hops.length === 0) lines.push(paint('  – no hop evaluated', 'dim'));
    for (const hop of hops) lines.push(...table.render(hop, paint));
  }
  lines.push(...footer(result, paint));
  return lines.join('\n') + '\n';
}

function header(r: FlowResult, paint: Paint): string {
  const proto = r.protocol.toUpperCase();
  const from = `${e(r.from.address)}${endpointTag(r.from)}`;
  const to = `${e(r.to.address)}:${r.port}${endpointTag(r.to)}`;
  const [lo, hi] = r.clientPorts.range;
  const client = `client ports ${portText(lo, hi)} (${e(r.clientPorts.profile)}: ${e(r.clientPorts.reason)})`;
  return `${paint(`${proto} ${from} → ${to}`, 'bold')}   ${paint(client, 'dim')}`;
}

function endpointTag(ep: EndpointSummary): string {
  const parts: string[] = [];
  if (ep.eniId !== undefined) parts.push(ep.eniId);
  else if (ep.kind === 'external') parts.push('outside the snapshot');
  else if (ep.kind === 'amazon-service') parts.push('Amazon service');
  else if (ep.subnetId !== undefined) parts.push(`in ${ep.subnetId}`);
  if (ep.name !== undefined && ep.name !== '') parts.push(ep.name);
  return parts.length ? ` (${e(parts.join(', '))})` : '';
}

function footer(r: FlowResult, paint: Paint): string[] {
  const lines: string[] = [];
  const label = (word: string) => paint(word.padEnd(LABEL_WIDTH), 'bold');
  const indent = ' '.repeat(LABEL_WIDTH);
  const summary = r.summary.startsWith(`${r.verdict}: `) ? r.summary.slice(r.verdict.length + 2) : r.summary;
  lines.push(`${label('verdict')}${paint(r.verdict.toUpperCase(), 'bold', VERDICT_STYLE[r.verdict])}${summary ? ` — ${e(summary)}` : ''}`);
  if (r.verdict === 'partial') {
    const [lo, hi] = r.returnPorts.range;
    const allowed = r.returnPorts.allowed.map(([a, b]) => portText(a, b)).join(', ') || 'none';
    lines.push(`${label('replies')}${allowed} of ${portText(lo, hi)} get back (${percent(r.returnPorts.fraction)} of connections get a reply)`);
  }
  r.fixes.forEach((f, i) => {
    lines.push(`${i === 0 ? label('fix') : indent}${e(f.summary)}`);
    if (f.command !== undefined) lines.push(indent + paint(e(f.command), 'cyan'));
  });
  r.notes.forEach((n, i) => lines.push(`${i === 0 ? label('notes') : indent}${e(n)}`));
  return lines;
}

/** Column layout shared by every hop of one trace, so the columns line up. */
class HopTable {
  private readonly what: number;
  private readonly at: number;
  private readonly ids: number;

  constructor(hops: readonly Hop[]) {
    this.what = Math.max(0, ...hops.map((h) => hopWhat(h).length));
    this.at = Math.max(0, ...hops.map((h) => e(h.at).length));
    this.ids = Math.max(0, ...hops.map((h) => hopIds(h).length));
  }

  render(hop: Hop, paint: Paint): string[] {
    const { mark, style } = MARK[hop.decision];
    const decisionWord = hop.decision === 'not-evaluated' ? 'n/a' : hop.decision;
    const head =
      `  ${paint(mark, style)} ${hopWhat(hop).padEnd(this.what)} ${e(hop.at).padEnd(this.at)} ${hopIds(hop).padEnd(this.ids)} ` +
      paint(decisionWord.padEnd(8), style);
    const ports = hop.ports.length ? portsText(hop.ports) : '';
    const showPorts = ports !== '' && !(hop.ports.length === 1 && hop.ports[0]![0] === hop.ports[0]![1]);
    // A stateful hop's note only restates what "stateful" means: keep its line short.
    const note = hop.note !== undefined && hop.decision !== 'stateful' ? e(hop.note) : '';

    if (hop.segments.length === 0) {
      return [`${head} ${[showPorts ? `ports ${ports}` : '', note || defaultNote(hop)].filter(Boolean).join(': ')}`.trimEnd()];
    }
    if (hop.segments.length === 1) {
      const seg = hop.segments[0]!;
      const [first, ...more] = seg.rules;
      const lead = showPorts ? `ports ${ports}: ` : '';
      const lines = [`${head} ${lead}${first ? ruleText(first, hop, paint) : '(no rule reported)'}`.trimEnd()];
      const pad = ' '.repeat(visibleLength(head) + 1 + lead.length);
      for (const r of more) lines.push(pad + ruleText(r, hop, paint));
      if (note) lines.push(pad + paint(note, 'dim'));
      return lines;
    }
    // Several segments: one line per segment, e.g. allowed ports with their rule, denied ports with theirs.
    const lines = [`${head} ${ports ? `ports ${ports}` : ''}`.trimEnd()];
    const segPorts = hop.segments.map((s) => portsText(s.ports));
    const width = Math.max(...segPorts.map((p) => p.length));
    const pad = ' '.repeat(6);
    hop.segments.forEach((seg, i) => {
      const segStyle = segmentStyle(seg);
      const prefix = `${pad}${paint(segmentMark(seg), segStyle)} ${paint(seg.decision.padEnd(7), segStyle)} ${segPorts[i]!.padEnd(width)}  `;
      const [first, ...more] = seg.rules;
      lines.push((prefix + (first ? ruleText(first, hop, paint) : '(no rule reported)')).trimEnd());
      const contPad = ' '.repeat(visibleLength(prefix));
      for (const r of more) lines.push(contPad + ruleText(r, hop, paint));
    });
    if (note) lines.push(pad + paint(note, 'dim'));
    return lines;
  }
}

function hopWhat(h: Hop): string {
  return `${h.component === 'nacl' ? 'nacl' : 'sg'} ${h.direction}`;
}

function hopIds(h: Hop): string {
  return e(h.ids.join(',')) || '-';
}

function defaultNote(h: Hop): string {
  switch (h.decision) {
    case 'stateful':
      return 'the reply to an allowed request needs no rule';
    case 'skipped':
      return 'same subnet: network ACLs are not evaluated';
    case 'not-evaluated':
      return 'not evaluated';
    default:
      return '';
  }
}

function segmentMark(s: HopSegment): string {
  return s.decision === 'allow' ? '✓' : s.decision === 'deny' ? '✗' : '?';
}

function segmentStyle(s: HopSegment): Style {
  return s.decision === 'allow' ? 'green' : s.decision === 'deny' ? 'red' : 'magenta';
}

/** `#100 tcp 5432 → 10.0.2.0/24`, `sgr-1 tcp 5432 ← sg-web "web to db"`, `#32767 default deny`. */
export function ruleText(r: RuleRef, hop: Pick<Hop, 'direction' | 'ids'>, paint: Paint = (t) => t): string {
  const arrow = hop.direction === 'egress' || hop.direction === 'outbound' ? '→' : '←';
  let text: string;
  if (r.isDefault) {
    if (r.component === 'nacl' && r.number !== undefined) text = `#${r.number} default ${r.action}`;
    else text = e(r.description ?? (r.component === 'nacl' ? 'no rule matches: implicit deny' : 'no rule allows it'));
  } else {
    const traffic = r.ports === 'all' ? (r.protocol === 'all' ? 'all traffic' : `${e(r.protocol)} all ports`) : `${e(r.protocol)} ${e(r.ports)}`;
    let id: string;
    if (r.component === 'nacl') id = r.number !== undefined ? `#${r.number}` : '';
    else {
      const owner = hop.ids.length > 1 ? e(r.ownerId) : '';
      id = [owner, r.ruleId !== undefined ? e(r.ruleId) : ''].filter(Boolean).join('/');
    }
    text = `${id ? `${id} ` : ''}${traffic} ${arrow} ${e(r.peer)}`;
    if (r.description !== undefined && r.description !== '') text += ` "${e(truncate(r.description, 80))}"`;
  }
  const where = r.source ? locationText(r.source) : '';
  return where ? `${text}  ${paint(where, 'dim')}` : text;
}

export function locationText(s: SourceLocation): string {
  if (s.line !== undefined) return `${e(s.file)}:${s.line}`;
  return s.pointer ? `${e(s.file)} ${e(s.pointer)}` : e(s.file);
}

// ───────────────────────────────────────────── check ─────────────────────────────────────────────

export function renderCheck(checks: readonly FlowCheck[], opts: TextOptions): string {
  const paint = painter(opts.color);
  const lines: string[] = [];
  const verdictWidth = Math.max(...checks.map((c) => c.result.verdict.length), 0);
  for (const c of checks) lines.push(checkLine(c, verdictWidth, paint));
  const failing = checks.map((c, i) => [c, i] as const).filter(([c]) => !c.pass);
  for (const [c, i] of failing) {
    lines.push('');
    const expected = c.expect ?? 'reachable';
    lines.push(paint(`── ${flowLabel(c, i)}: expected ${expected}, got ${c.result.verdict}`, 'bold'));
    lines.push(renderTrace(c.result, opts).trimEnd());
  }
  const passed = checks.length - failing.length;
  lines.push('');
  const counts = `${checks.length} flow${checks.length === 1 ? '' : 's'}: ${passed} passed, ${failing.length} failed`;
  lines.push(paint(counts, 'bold', failing.length ? 'red' : 'green'));
  return lines.join('\n') + '\n';
}

function checkLine(c: FlowCheck, verdictWidth: number, paint: Paint): string {
  const r = c.result;
  const mark = c.pass ? paint('✓', 'green') : paint('✗', 'red');
  const verdict = paint(r.verdict.padEnd(verdictWidth), VERDICT_STYLE[r.verdict]);
  const name = c.name !== undefined ? `${e(c.name)}  ` : '';
  const flow = `${e(r.query.from)} → ${e(r.query.to)} ${r.protocol}/${r.port}`;
  const expectation = c.pass ? (c.expect !== undefined && c.expect !== 'reachable' ? paint(`  (expected ${c.expect})`, 'dim') : '') : paint(`  (expected ${c.expect ?? 'reachable'})`, 'red');
  return `${mark} ${verdict}  ${name}${flow}${expectation}`;
}

function flowLabel(c: FlowCheck, index: number): string {
  const r = c.result;
  const flow = `${e(r.query.from)} → ${e(r.query.to)} ${r.protocol}/${r.port}`;
  return c.name !== undefined ? `flow ${index + 1} "${e(c.name)}" (${flow})` : `flow ${index + 1} (${flow})`;
}

// ───────────────────────────────────────────── helpers ─────────────────────────────────────────────

function portText(lo: number, hi: number): string {
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

function portsText(ranges: readonly (readonly [number, number])[]): string {
  return ranges.map(([a, b]) => portText(a, b)).join(', ');
}

/** 0 and 1 are exact; anything in between never rounds to 0% or 100%. */
export function percent(fraction: number): string {
  if (!(fraction > 0)) return '0%';
  if (fraction >= 1) return '100%';
  const p = Math.round(fraction * 1000) / 10;
  if (p <= 0) return '<0.1%';
  if (p >= 100) return '>99.9%';
  return `${p}%`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}
