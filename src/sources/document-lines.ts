import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { Document, Node as YamlNode } from 'yaml';
import { yamlLib } from './lazy-yaml.js';
import type { InputProblem } from '../model/errors.js';
import { LineIndex, pointerSegments } from './json-locator.js';

/**
 * The YAML and JSON files people write for synack (the `.synack.yml` configuration, `--flows` files,
 * baselines), parsed into a value, the problems that kept them from parsing, and the line of the value a JSON
 * pointer names: what lets every later problem (a schema error, a bad port range) be reported as file:line.
 * A property's line is the line of its key: that is where people look (a nested mapping's value starts on the
 * next line). Also the few helpers their readers share to report problems: in line order, each once, and a
 * file that cannot be read in words.
 */

export interface LinedDocument {
  /** The document's value; to be used only when there are no problems. */
  readonly value: unknown;
  /** Syntax problems (a key given twice is one), with their lines. */
  readonly problems: InputProblem[];
  /** 1-based line of the value at an RFC 6901 pointer (of its key, for a property); undefined when there is none. */
  line(pointer: string): number | undefined;
}

/**
 * YAML 1.2, which JSON is a subset of. Aliases are expanded (at most 100 of them, against alias bombs). The root of
 * an empty document (null) is on line 1.
 */
export function parseYamlDocument(text: string, file: string): LinedDocument {
  const lineCounter = new (yamlLib().LineCounter)();
  const doc = yamlLib().parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: InputProblem[] = doc.errors.map((err) => ({
    file,
    ...(err.linePos ? { line: err.linePos[0].line } : {}),
    message: `invalid YAML: ${firstLine(err.message)}`,
  }));
  let value: unknown;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      problems.push({ file, message: `invalid YAML: ${firstLine(err instanceof Error ? err.message : String(err))}` });
    }
  }
  return {
    value,
    problems,
    line(pointer) {
      const node = yamlNodeAt(doc, pointerSegments(pointer));
      if (node === undefined || node === null) return pointer === '' ? 1 : undefined;
      return node.range ? lineCounter.linePos(node.range[0]).line : undefined;
    },
  };
}

/** JSON, with comments and trailing commas allowed. */
export function parseJsonDocument(text: string, file: string): LinedDocument {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, JSON_OPTIONS);
  const lines = new LineIndex(text);
  const lineAt = (offset: number) => lines.position(offset).line;
  const problems: InputProblem[] = errors.map((err) => ({
    file,
    line: lineAt(err.offset),
    message: `invalid JSON: ${JSON_ERROR_TEXT[printParseErrorCode(err.error)] ?? printParseErrorCode(err.error)}`,
  }));
  const duplicates: JsonNode[] = [];
  const value = root ? jsonValue(root, duplicates) : undefined;
  for (const k of duplicates) problems.push({ file, line: lineAt(k.offset), message: `invalid JSON: duplicate property "${String(k.value)}"` });
  return {
    value,
    problems,
    line(pointer) {
      const node = root ? jsonNodeAt(root, pointerSegments(pointer)) : undefined;
      if (!node) return undefined;
      return lineAt(node.parent?.type === 'property' ? node.parent.offset : node.offset);
    },
  };
}

/** Whether a file of unknown format reads as JSON: an object or an array, parsed without error. */
export function looksLikeJson(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors, JSON_OPTIONS);
  return errors.length === 0 && /^\s*[[{]/.test(text);
}

const JSON_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/** An array index in a pointer: a non-negative integer without leading zeros (RFC 6901). */
const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** The node at a pointer; for a property, its key node. Null for the root of an empty document. */
function yamlNodeAt(doc: Document, segments: readonly string[]): YamlNode | null | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const seg of segments) {
    keyNode = undefined;
    if (yamlLib().isMap(node)) {
      const pair = node.items.find((p) => yamlLib().isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return undefined;
      keyNode = pair.key;
      node = pair.value;
    } else if (yamlLib().isSeq(node) && ARRAY_INDEX.test(seg)) {
      node = node.items[Number(seg)];
      if (node === undefined) return undefined;
    } else {
      return undefined;
    }
  }
  return (keyNode ?? node ?? null) as YamlNode | null;
}

/** The value node at a pointer (jsonc-parser's own lookup takes numbers for array indexes, strings for keys). */
function jsonNodeAt(root: JsonNode, segments: readonly string[]): JsonNode | undefined {
  let node: JsonNode | undefined = root;
  for (const seg of segments) {
    node = findNodeAtLocation(node, [node.type === 'array' && ARRAY_INDEX.test(seg) ? Number(seg) : seg]);
    if (!node) return undefined;
  }
  return node;
}

/**
 * The value of a JSON tree, built without assigning through `__proto__`; a key given twice in one object is
 * reported (JSON.parse would silently keep the last one).
 */
function jsonValue(node: JsonNode, duplicates: JsonNode[]): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const key = String(k.value);
        if (Object.hasOwn(out, key)) duplicates.push(k);
        Object.defineProperty(out, key, { value: jsonValue(v, duplicates), enumerable: true, configurable: true, writable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map((child) => jsonValue(child, duplicates));
    default:
      return node.value;
  }
}

const JSON_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfComment: 'unterminated comment',
};

// ─────────────────────────────────────────── problems ──────────────────────────────────────────

/** Problems in line order (those without a line first); the sort is stable. */
export function sortByLine(problems: readonly InputProblem[]): InputProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Each problem once: the same message at the same pointer is reported once (schema errors repeat). */
export function dedupeProblems(problems: readonly InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer ?? ''}\0${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Why a file could not be read, in words (for the usual errors), else the error's own message. */
export function readErrorText(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return err instanceof Error ? err.message : String(err);
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.trim();
}
