// Tolerant readers for API objects: exporters write explicit `null` (or leave fields out) for absent values.
// Wrong types read as absent; the schema has already reported them.
import type { Tags } from '../model/snapshot.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(o: JsonObject | undefined, key: string): string | undefined {
  const v = o?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** A string that says something: empty strings read as absent. */
export function text(o: JsonObject | undefined, key: string): string | undefined {
  const v = str(o, key);
  return v === '' ? undefined : v;
}

export function int(o: JsonObject | undefined, key: string): number | undefined {
  const v = o?.[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

export function bool(o: JsonObject | undefined, key: string): boolean | undefined {
  const v = o?.[key];
  return typeof v === 'boolean' ? v : undefined;
}

export function obj(o: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = o?.[key];
  return isObject(v) ? v : undefined;
}

const NONE: readonly unknown[] = Object.freeze([]);

/** A list field's array; absent, null or not an array reads as empty (the schema reported the latter). */
export function list(o: JsonObject | undefined, key: string): readonly unknown[] {
  const v = o?.[key];
  return Array.isArray(v) ? v : NONE;
}

/** The items of a list field with their original indexes (for pointers); absent or null reads as empty. */
export function items(o: JsonObject | undefined, key: string): [JsonObject, number][] {
  const v = list(o, key);
  const out: [JsonObject, number][] = [];
  for (let i = 0; i < v.length; i++) {
    const item = v[i];
    if (isObject(item)) out.push([item, i]);
  }
  return out;
}

/**
 * The list in an array of its own size: push() reserves room for 16 more items, which the short lists of
 * thousands of model objects (an ENI's addresses and groups) would otherwise keep for good.
 */
export function fitted<T>(list: T[]): T[] {
  return list.length === 0 ? list : list.slice();
}

/** `[{Key, Value}]` (AWS `Tags` / `TagSet`) as a record. */
export function tagsOf(list: unknown): Tags {
  const tags: Record<string, string> = {};
  if (!Array.isArray(list)) return tags;
  for (const t of list) {
    if (isObject(t) && typeof t.Key === 'string') tags[t.Key] = typeof t.Value === 'string' ? t.Value : '';
  }
  return tags;
}

/** A model object under construction: its optional fields are added only when present (see compact). */
export type Building<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A copy without `undefined` entries, so optional model fields are absent rather than present-and-undefined.
 * A copy rather than `delete`: V8 turns an object it deletes from into a slow dictionary, and model
 * objects are read millions of times by the engine.
 */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const json = JSON.stringify(value);
  const shown = json.length > 60 ? json.slice(0, 57) + '...' : json;
  if (typeof value === 'string') return `the string ${shown}`;
  if (typeof value === 'number') return `the number ${shown}`;
  return `${typeof value} ${shown}`;
}
