import { explainingPairs, groupByText, type MatrixInfo, type MatrixRow, type MatrixVerdict } from '../engine/matrix.js';
import type { FlowResult, Hop } from '../engine/types.js';
import { formatPortRange } from '../net/ports.js';
import { escapeJsonText } from './escape.js';
import { MATRIX_SCRIPT, MATRIX_STYLE } from './matrix-html/assets.js';
import { ruleText } from './text.js';

/**
 * `synack matrix --format html`: one self-contained page — a heat-map grid (one button per source,
 * destination and service: green reachable, red unreachable, partial cells between the two by the share of
 * client ports that get replies, and their own colours for mixed cells, whose pairs disagree, unknown and
 * empty ones) and a panel that shows, for the clicked cell, its pair counts and the hop-by-hop trace of a
 * representative pair — for a mixed cell, of one pair of each verdict.
 *
 * Nothing is fetched: inline CSS and JS, a Content-Security-Policy of `default-src 'none'`, the data in a
 * `<script type="application/json">` in which `<`, `>` and `&` are escaped (so no input string can close the
 * element), and the page script writes every string with `textContent`.
 */
export interface MatrixHtmlOptions {
  /** The sources as the user gave them, for the `synack trace` command the page suggests. */
  readonly sources: readonly string[];
  /** Traces of the explaining pairs (see explainingPairs), by `pairKey`. Pairs without one show the command instead. */
  readonly traces: ReadonlyMap<string, FlowResult>;
}

export function pairKey(from: string, to: string, service: number): string {
  return `${from}\u0000${to}\u0000${service}`;
}

/** An example pair of a cell: from, to, its verdict's code, the index of its trace in `traces` or null. */
type ExampleTuple = [string, string, number, number | null];
/** verdict code, pairs, reachable, partial, unreachable, unknown, skipped, partial fraction min, max, mean, examples. */
type CellTuple = [number, number, number, number, number, number, number, number | null, number | null, number | null, ExampleTuple[]];

/** Verdict codes of the page (its script's VERDICTS array). */
const CODES: Readonly<Record<MatrixVerdict, number>> = { reachable: 0, partial: 1, unreachable: 2, unknown: 3, mixed: 4, none: 5 };

export function renderMatrixHtml(info: MatrixInfo, rows: readonly MatrixRow[], opts: MatrixHtmlOptions): string {
  const traces: CompactTrace[] = [];
  const traceIndex = new Map<string, number>();
  const rowData = rows.map((row) =>
    row.cells.map((cell): CellTuple => {
      const c = cell.counts;
      const examples = explainingPairs(cell).map((pair): ExampleTuple => {
        const key = pairKey(pair.from, pair.to, cell.service);
        const trace = opts.traces.get(key);
        let index: number | null = null;
        if (trace) {
          index = traceIndex.get(key) ?? null;
          if (index === null) {
            index = traces.length;
            traces.push(compactTrace(trace));
            traceIndex.set(key, index);
          }
        }
        return [pair.from, pair.to, CODES[pair.verdict], index];
      });
      const f = cell.partialFraction;
      return [CODES[cell.verdict], cell.pairs, c.reachable, c.partial, c.unreachable, c.unknown, c.skipped, f?.min ?? null, f?.max ?? null, f?.mean ?? null, examples];
    }),
  );
  const data = {
    groupBy: groupByText(info.by),
    enis: info.enis,
    classes: info.classes,
    sources: opts.sources.map(shellQuote).join(' '),
    services: info.services.map((s) => ({
      name: s.name,
      protocol: s.protocol,
      port: s.port,
      ...(s.clientPorts ? { clientPorts: s.clientPorts.profile === 'custom' ? formatPortRange(s.clientPorts.range) : s.clientPorts.profile } : {}),
    })),
    groups: info.groups.map((g) => ({ id: g.id, ...(g.name !== undefined ? { name: g.name } : {}), enis: g.enis })),
    rows: rowData,
    traces,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>synack matrix</title>
<style>${MATRIX_STYLE}</style>
</head>
<body>
<header>
<h1>synack matrix</h1>
<div id="subtitle" class="muted"></div>
<div class="controls">
<label>service <select id="service"></select></label>
<span class="legend" id="legend"><span><i style="background:hsl(120,62%,74%)"></i>✓ reachable</span><span><i style="background:linear-gradient(90deg,hsl(0,62%,74%),hsl(60,62%,74%),hsl(120,62%,74%))"></i>~ partial: replies to part of the client ports (hue by that share)</span><span><i style="background:hsl(0,62%,74%)"></i>✗ unreachable</span><span><i class="v-unknown"></i>? unknown</span><span><i class="v-mixed"></i>± mixed: the pairs disagree</span><span><i class="v-none"></i>· no pairs</span></span>
<span class="muted">click a cell for its trace</span>
</div>
</header>
<noscript><p>This report needs JavaScript to draw the grid; the same data is available with --format json or csv.</p></noscript>
<main>
<div class="gridwrap"><table id="grid" class="grid"></table></div>
<aside id="panel"><p class="muted">Click a cell to see its ENI pairs and the hop-by-hop trace of one of them.</p></aside>
</main>
<script type="application/json" id="matrix-data">${scriptJson(data)}</script>
<script>${MATRIX_SCRIPT}</script>
</body>
</html>
`;
}

/** JSON that is inert inside a <script> element: no `<`, `>` or `&` survives, nor U+2028/2029 or controls. */
export function scriptJson(value: unknown): string {
  return escapeJsonText(JSON.stringify(value))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

interface CompactTrace {
  readonly verdict: string;
  readonly summary: string;
  readonly protocol: string;
  readonly port: number;
  readonly from: string;
  readonly to: string;
  readonly clientPorts: string;
  readonly hops: readonly { leg: string; what: string; at: string; ids: string; decision: string; lines: string[]; note?: string }[];
  readonly notes: readonly string[];
  readonly fixes: readonly { summary: string; command?: string }[];
}

/** The hop-by-hop trace as the panel shows it: the text reporter's rule lines, without terminal colour. */
function compactTrace(r: FlowResult): CompactTrace {
  const endpoint = (e: FlowResult['from']) => `${e.address}${e.eniId !== undefined ? ` (${e.eniId}${e.name ? `, ${e.name}` : ''})` : ''}`;
  const [lo, hi] = r.clientPorts.range;
  return {
    verdict: r.verdict,
    summary: r.summary.startsWith(`${r.verdict}: `) ? r.summary.slice(r.verdict.length + 2) : r.summary,
    protocol: r.protocol,
    port: r.port,
    from: endpoint(r.from),
    to: endpoint(r.to),
    clientPorts: `${formatPortRange([lo, hi])} (${r.clientPorts.profile}: ${r.clientPorts.reason})`,
    hops: [...r.request, ...r.reply].map((h) => ({
      leg: h.leg,
      what: `${h.component === 'nacl' ? 'nacl' : 'sg'} ${h.direction}`,
      at: h.at,
      ids: h.ids.join(','),
      decision: h.decision,
      lines: hopLines(h),
      ...(h.note !== undefined && h.decision !== 'stateful' ? { note: h.note } : {}),
    })),
    notes: [...r.notes],
    fixes: r.fixes.map((f) => ({ summary: f.summary, ...(f.command !== undefined ? { command: f.command } : {}) })),
  };
}

function hopLines(h: Hop): string[] {
  const ports = (list: readonly (readonly [number, number])[]) => list.map((p) => formatPortRange(p)).join(', ');
  if (h.segments.length === 0) return h.ports.length ? [`ports ${ports(h.ports)}`] : [];
  return h.segments.flatMap((s) => s.rules.map((rule, i) => `${i === 0 ? `${s.decision} ${ports(s.ports)}: ` : '  '}${ruleText(rule, h)}`));
}

/** A path as a POSIX shell word (only when it needs quoting). */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
