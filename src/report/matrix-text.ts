import { explainingPairs, groupByText, type MatrixCell, type MatrixInfo, type MatrixRow, type MatrixVerdict } from '../engine/matrix.js';
import { escapeTerminal } from './escape.js';
import { percent } from './text.js';
import { painter, type Paint, type Style } from './paint.js';

/**
 * Human output of `synack matrix`: a compact grid, sources down, destinations across (numbered, with a
 * legend), one mark per service in each cell. With `counts`, the ENI pair counts of every cell follow the
 * grid, with an example pair to trace (for a mixed cell, whose pairs disagree, one of each verdict). Group
 * names come from the input and go through escapeTerminal.
 */
export interface MatrixTextOptions {
  readonly color: boolean;
  /** List each cell's pair counts below the grid. */
  readonly counts: boolean;
}

const MARK: Record<MatrixVerdict, { mark: string; style: Style }> = {
  reachable: { mark: '✓', style: 'green' },
  partial: { mark: '~', style: 'yellow' },
  unreachable: { mark: '✗', style: 'red' },
  unknown: { mark: '?', style: 'magenta' },
  mixed: { mark: '±', style: 'cyan' },
  none: { mark: '·', style: 'dim' },
};

const e = escapeTerminal;

export function renderMatrixText(info: MatrixInfo, rows: Iterable<MatrixRow>, opts: MatrixTextOptions): string {
  const paint = painter(opts.color);
  const G = info.groups.length;
  const S = info.services.length;
  const lines: string[] = [];
  const services = info.services.map((s) => e(s.name)).join(', ');
  lines.push(paint(`${S} service${S === 1 ? '' : 's'} (${services}) between ${G} group${G === 1 ? '' : 's'} by ${e(groupByText(info.by))}: ${info.enis} ENIs in ${info.classes} equivalence class${info.classes === 1 ? '' : 'es'}`, 'bold'));
  lines.push(paint(`each cell: one mark per service (${services}) — ✓ reachable  ~ partial (replies to part of the client ports)  ✗ unreachable  ? unknown  ± mixed (its pairs disagree)  · no pairs`, 'dim'));
  if (G === 0) {
    lines.push('no ENI in the snapshot');
    return lines.join('\n') + '\n';
  }
  lines.push('');

  const number = (i: number) => String(i + 1);
  const labels = info.groups.map((g, i) => `${number(i).padStart(String(G).length)} ${e(g.id)}${g.name !== undefined && g.name !== '' ? ` (${e(g.name)})` : ''}`);
  const labelWidth = Math.max(...labels.map((l) => [...l].length));
  const cellWidth = Math.max(S, String(G).length) + 1;
  lines.push(`${' '.repeat(labelWidth)}  ${info.groups.map((_, i) => number(i).padStart(cellWidth)).join('')}`);

  const details: string[] = [];
  for (const row of rows) {
    let line = `${labels[row.source]!.padEnd(labelWidth + labels[row.source]!.length - [...labels[row.source]!].length)}  `;
    for (let y = 0; y < G; y++) {
      line += ' '.repeat(cellWidth - S);
      for (let i = y * S; i < y * S + S; i++) {
        const m = MARK[row.verdict(i)];
        line += paint(m.mark, m.style);
        if (opts.counts && row.verdict(i) !== 'none') details.push(detail(info, row.source, row.cell(i), paint));
      }
    }
    lines.push(line.trimEnd());
  }
  if (opts.counts) {
    lines.push('');
    lines.push(paint('ENI pairs per cell (source → destination, service)', 'bold'));
    lines.push(...details);
  }
  return lines.join('\n') + '\n';
}

function detail(info: MatrixInfo, source: number, cell: MatrixCell, paint: Paint): string {
  const c = cell.counts;
  const parts: string[] = [];
  if (c.reachable) parts.push(`${c.reachable} reachable`);
  if (c.partial) {
    const f = cell.partialFraction!;
    const range = f.min === f.max ? percent(f.min) : `${percent(f.min)}–${percent(f.max)}`;
    parts.push(`${c.partial} partial (${range} of client ports get replies)`);
  }
  if (c.unreachable) parts.push(`${c.unreachable} unreachable`);
  if (c.unknown) parts.push(`${c.unknown} unknown`);
  if (c.skipped) parts.push(`${c.skipped} skipped (no shared address family)`);
  // A mixed cell: one pair of each verdict, the failing ones first.
  const examples = explainingPairs(cell).map((p) => `${e(p.from)} → ${e(p.to)} (${p.verdict})`);
  const mark = paint(MARK[cell.verdict].mark, MARK[cell.verdict].style);
  const what = `${source + 1} → ${cell.destination + 1} ${e(info.services[cell.service]!.name)}`;
  return `  ${mark} ${what}: ${parts.join(', ')}${examples.length ? paint(`; e.g. ${examples.join(', ')}`, 'dim') : ''}`;
}
