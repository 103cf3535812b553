// Line numbers for locations, computed at the edge (parsing for lines is not free).
import type { SourceLocation } from '../model/source.js';
import { JsonLocator } from './json-locator.js';

export interface Locate {
  (location: SourceLocation): number | undefined;
  /** Resolves many locations at once (one scan per file); later calls for them, until the next prepare, are lookups. */
  prepare?(locations: readonly SourceLocation[]): void;
}

/** A `locate` over the texts read: each text is scanned only for the pointers asked of it. */
export function createLocate(texts: ReadonlyMap<string, string>): Locate {
  const locators = new Map<string, JsonLocator>();
  const locatorOf = (file: string): JsonLocator | undefined => {
    let locator = locators.get(file);
    if (!locator) {
      const text = texts.get(file);
      if (text === undefined) return undefined;
      locator = new JsonLocator(text);
      locators.set(file, locator);
    }
    return locator;
  };
  // The last batch's answers, by location object: looking pointers up by their text would flatten each (see
  // JsonLocator.lines). Only the last, so that a long-lived locate keeps no findings alive.
  const prepared = new Map<SourceLocation, number | undefined>();
  const locate: Locate = (location) => {
    const line = prepared.get(location);
    return line !== undefined || prepared.has(location) ? line : locatorOf(location.file)?.line(location.pointer);
  };
  locate.prepare = (locations) => {
    prepared.clear();
    const byFile = new Map<string, SourceLocation[]>();
    for (const l of locations) {
      const list = byFile.get(l.file);
      if (list) list.push(l);
      else byFile.set(l.file, [l]);
    }
    for (const [file, list] of byFile) {
      const lines = locatorOf(file)?.lines(list.map((l) => l.pointer));
      if (lines) list.forEach((l, i) => prepared.set(l, lines[i]));
    }
  };
  return locate;
}

/**
 * Sets `line` on every object inside `value` that has string `file` and `pointer` fields (locations,
 * input problems), in place; returns `value`. Used by commands before printing results.
 */
export function fillLines<T>(value: T, locate: Locate): T {
  const targets: (SourceLocation & { line?: number })[] = [];
  // Not a WeakSet: this one lives for one call only, and a Set is several times faster.
  const seen = new Set<object>();
  const walk = (v: object): void => {
    if (seen.has(v)) return;
    seen.add(v);
    const items = Array.isArray(v) ? v : v instanceof Map ? v.values() : v instanceof Set ? v : undefined;
    if (items) {
      for (const item of items as Iterable<unknown>) if (item !== null && typeof item === 'object') walk(item);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.file === 'string' && typeof o.pointer === 'string' && !Object.isFrozen(o)) targets.push(o as unknown as SourceLocation);
    for (const key of Object.keys(o)) {
      const item = o[key];
      if (item !== null && typeof item === 'object') walk(item);
    }
  };
  if (value !== null && typeof value === 'object') walk(value);
  locate.prepare?.(targets);
  for (const t of targets) {
    const line = locate(t);
    if (line !== undefined) t.line = line;
  }
  return value;
}
