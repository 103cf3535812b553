// Line numbers for locations, computed at the edge (parsing for lines is not free).
import type { SourceLocation } from '../model/source.js';
import { JsonLocator } from './json-locator.js';

export interface Locate {
  (location: SourceLocation): number | undefined;
  /** Resolves many locations at once (one scan per file); later calls for them are lookups. */
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
  const locate: Locate = (location) => locatorOf(location.file)?.line(location.pointer);
  locate.prepare = (locations) => {
    const byFile = new Map<string, string[]>();
    for (const l of locations) {
      const list = byFile.get(l.file);
      if (list) list.push(l.pointer);
      else byFile.set(l.file, [l.pointer]);
    }
    for (const [file, pointers] of byFile) locatorOf(file)?.prepare(pointers);
  };
  return locate;
}

/**
 * Sets `line` on every object inside `value` that has string `file` and `pointer` fields (locations,
 * input problems), in place; returns `value`. Used by commands before printing results.
 */
export function fillLines<T>(value: T, locate: Locate): T {
  const targets: (SourceLocation & { line?: number })[] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (v instanceof Map) {
      for (const item of v.values()) walk(item);
      return;
    }
    if (v instanceof Set) {
      for (const item of v) walk(item);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.file === 'string' && typeof o.pointer === 'string' && !Object.isFrozen(o)) targets.push(o as unknown as SourceLocation);
    for (const key of Object.keys(o)) walk(o[key]);
  };
  walk(value);
  locate.prepare?.(targets);
  for (const t of targets) {
    const line = locate(t);
    if (line !== undefined) t.line = line;
  }
  return value;
}
