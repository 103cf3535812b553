// Line numbers for locations, computed at the edge (parsing for lines is not free).
import type { SourceLocation } from '../model/source.js';
import { JsonLocator } from './json-locator.js';

export type Locate = (location: SourceLocation) => number | undefined;

/** A `locate` over the texts read: each text is parsed for lines once, on first use. */
export function createLocate(texts: ReadonlyMap<string, string>): Locate {
  const locators = new Map<string, JsonLocator>();
  return (location) => {
    let locator = locators.get(location.file);
    if (!locator) {
      const text = texts.get(location.file);
      if (text === undefined) return undefined;
      locator = new JsonLocator(text);
      locators.set(location.file, locator);
    }
    return locator.line(location.pointer);
  };
}

/**
 * Sets `line` on every object inside `value` that has string `file` and `pointer` fields (locations,
 * input problems), in place; returns `value`. Used by commands before printing results.
 */
export function fillLines<T>(value: T, locate: Locate): T {
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
    if (typeof o.file === 'string' && typeof o.pointer === 'string' && !Object.isFrozen(o)) {
      const line = locate(o as unknown as SourceLocation);
      if (line !== undefined) o.line = line;
    }
    for (const key of Object.keys(o)) walk(o[key]);
  };
  walk(value);
  return value;
}
