import { groupByText, type MatrixCell, type MatrixInfo, type MatrixRow, type MatrixTotals } from '../engine/matrix.js';
import { VERDICTS } from '../engine/types.js';
import { escapeJsonText } from './escape.js';
import type { Json } from './json.js';

/**
 * JSON output of `synack matrix` (schemas/matrix-output.schema.json), written in three parts so that a large
 * matrix streams: the head (what was asked, the groups), one cell per line as rows are computed, and the
 * summary. The whole is one JSON document; each cell line is also valid JSON on its own.
 */
type JsonObject = { [key: string]: Json };

export function matrixJsonHead(info: MatrixInfo): string {
  const head = {
    groupBy: groupByText(info.by),
    services: info.services.map((s): JsonObject => ({
      name: s.name,
      protocol: s.protocol,
      port: s.port,
      ...(s.clientPorts ? { clientPorts: { range: [s.clientPorts.range[0], s.clientPorts.range[1]], profile: s.clientPorts.profile } } : {}),
    })),
    groups: info.groups.map((g): JsonObject => ({ id: g.id, ...(g.name !== undefined ? { name: g.name } : {}), ...(g.vpcId !== undefined ? { vpcId: g.vpcId } : {}), enis: g.enis })),
  };
  const text = JSON.stringify(head, null, 2);
  return escapeJsonText(`${text.slice(0, -2)},\n  "cells": [`);
}

/** The cells of one row; `first` is true for the first row written (no separating comma before it). */
export function matrixJsonRow(info: MatrixInfo, row: MatrixRow, first: boolean): string {
  const source = JSON.stringify(info.groups[row.source]!.id);
  const destinations = info.groups.map((g) => JSON.stringify(g.id));
  const services = info.services.map((s) => JSON.stringify(s.name));
  let out = '';
  for (let i = 0; i < row.length; i++) {
    const f = row.partialFraction(i);
    let examples = '';
    VERDICTS.forEach((v, slot) => {
      const from = row.exampleId(i, slot, 0);
      if (from !== undefined) examples += `${examples ? ',' : ''}"${v}":{"from":${JSON.stringify(from)},"to":${JSON.stringify(row.exampleId(i, slot, 1))}}`;
    });
    out +=
      `${first && i === 0 ? '' : ','}\n    {"source":${source},"destination":${destinations[row.destination(i)]},"service":${services[row.service(i)]},"verdict":"${row.verdict(i)}","pairs":${row.pairs(i)},` +
      `"counts":{"reachable":${row.count(i, 'reachable')},"partial":${row.count(i, 'partial')},"unreachable":${row.count(i, 'unreachable')},"unknown":${row.count(i, 'unknown')},"skipped":${row.skipped(i)}},` +
      `${f ? `"partialFraction":{"min":${f.min},"max":${f.max},"mean":${f.mean}},` : ''}"examples":{${examples}}}`;
  }
  return escapeJsonText(out);
}

export function matrixJsonTail(info: MatrixInfo, totals: MatrixTotals): string {
  const summary = {
    enis: info.enis,
    classes: info.classes,
    groups: info.groups.length,
    services: info.services.map((s, i): JsonObject => ({ service: s.name, pairs: { ...totals.pairs[i]! }, cells: { ...totals.cells[i]! } })),
  };
  const text = JSON.stringify({ summary }, null, 2);
  return `\n  ],\n${escapeJsonText(text.slice(2))}\n`;
}

export function cellObject(info: MatrixInfo, source: number, cell: MatrixCell): JsonObject {
  const o: JsonObject = {
    source: info.groups[source]!.id,
    destination: info.groups[cell.destination]!.id,
    service: info.services[cell.service]!.name,
    verdict: cell.verdict,
    pairs: cell.pairs,
    counts: { ...cell.counts },
  };
  if (cell.partialFraction) o.partialFraction = { ...cell.partialFraction };
  const examples: JsonObject = {};
  for (const [verdict, pair] of Object.entries(cell.examples)) if (pair) examples[verdict] = { from: pair.from, to: pair.to };
  o.examples = examples;
  return o;
}

/** The whole document at once (tests, small matrices). */
export function renderMatrixJson(info: MatrixInfo, rows: Iterable<MatrixRow>, totals: MatrixTotals): string {
  let out = matrixJsonHead(info);
  let first = true;
  for (const row of rows) {
    totals.add(row);
    out += matrixJsonRow(info, row, first);
    first = false;
  }
  return out + matrixJsonTail(info, totals);
}
