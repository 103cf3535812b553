// JSON text → value, with line numbers for parse errors and (lazily) for JSON pointers.
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type ParsedJson =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly column: number; readonly message: string };

const BOM = '\uFEFF';

/** Strict JSON (no comments, no trailing commas). Uses JSON.parse; jsonc-parser only to locate an error. */
export function parseJson(text: string): ParsedJson {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (e) {
    const errors: ParseError[] = [];
    parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? 0;
    const { line, column } = new LineIndex(body).position(offset);
    const what = first ? describeParseError(printParseErrorCode(first.error)) : (e as Error).message;
    return { ok: false, line, column, message: `invalid JSON at line ${line}, column ${column}: ${what}` };
  }
}

function describeParseError(code: string): string {
  switch (code) {
    case 'CommaExpected':
      return 'expected a comma between values';
    case 'ColonExpected':
      return 'expected a colon after the property name';
    case 'PropertyNameExpected':
      return 'expected a double-quoted property name (trailing commas are not JSON)';
    case 'ValueExpected':
      return 'expected a value (trailing commas and empty files are not JSON)';
    case 'CloseBraceExpected':
      return 'expected "}" to close the object';
    case 'CloseBracketExpected':
      return 'expected "]" to close the array';
    case 'EndOfFileExpected':
      return 'expected the end of the file after the top-level value';
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not JSON';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    default:
      return `${code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`;
  }
}

/** Offsets → 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] as number) + 1 };
  }
}

/** The value at a path of segments inside parsed JSON or YAML; undefined where the path leaves the data. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
  let v = root;
  for (const seg of segments) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** RFC 6901 pointer → path segments (`~1` is `/`, `~0` is `~`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => (s.includes('~') ? unescapeSegment(s) : s));
}

function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Lines of JSON pointers in one text. Pointers are resolved in batches (`lines`), each batch with one scan
 * of the text that follows only the paths asked for and skips every other value: no syntax tree of the
 * whole file (for a 30 MB export, that tree cost seconds and most of the memory of a lint run), and no
 * index of its lines either.
 */
export class JsonLocator {
  private readonly text: string;
  private readonly known = new Map<string, number | undefined>();
  constructor(text: string) {
    this.text = text.startsWith(BOM) ? text.slice(1) : text;
  }

  /** The line of the value the pointer names, else of its deepest existing ancestor. */
  line(pointer: string): number | undefined {
    if (!this.known.has(pointer)) this.known.set(pointer, this.lines([pointer])[0]);
    return this.known.get(pointer);
  }

  /** `line` of each pointer, with one scan of the text. */
  lines(pointers: readonly string[]): (number | undefined)[] {
    // The pointers are read from one copy of them all: pointers made piece by piece would each be flattened
    // in place by reading them, into a new string apiece that lives as long as the pointer does.
    const all = pointers.join('');
    const root = pathNode(undefined);
    let nodes = 1;
    const ends: PathNode[] = [];
    for (let start = 0, i = 0; i < pointers.length; start += pointers[i]!.length, i++) {
      const end = start + pointers[i]!.length;
      let node = root;
      // The segments of pointerSegments, without building their list.
      for (let from = start + 1; from <= end; ) {
        const slash = all.indexOf('/', from);
        const to = slash === -1 || slash > end ? end : slash;
        const raw = all.slice(from, to);
        const segment = raw.includes('~') ? unescapeSegment(raw) : raw;
        node.children ??= new Map();
        let child = node.children.get(segment);
        if (!child) {
          child = pathNode(node);
          node.children.set(segment, child);
          node.unfound++;
          nodes++;
        }
        node = child;
        from = to + 1;
      }
      ends.push(node);
    }
    if (pointers.length) {
      try {
        new PathScanner(this.text, nodes).value(root);
      } catch {
        // A text that is not JSON: whatever the scan reached before the error still answers.
      }
    }
    return ends.map((node) => {
      let found: PathNode | undefined = node;
      while (found && found.line === undefined) found = found.parent;
      return found?.line;
    });
  }
}

/** A trie of the pointers asked for; `line` is where the scan found the value. */
interface PathNode {
  children: Map<string, PathNode> | undefined;
  readonly parent: PathNode | undefined;
  line: number | undefined;
  /** Children not found yet. */
  unfound: number;
}

function pathNode(parent: PathNode | undefined): PathNode {
  return { children: undefined, parent, line: undefined, unfound: 0 };
}

const QUOTE = 34;
const BACKSLASH = 92;

/** What `skip` does with a character: nothing for most, whose test is then a single lookup. */
const OTHER = 0;
const STRING = 1;
const OPEN = 2;
const CLOSE = 3;
const CHAR_CLASS = new Uint8Array(128);
CHAR_CLASS[QUOTE] = STRING;
CHAR_CLASS[123 /* { */] = CHAR_CLASS[91 /* [ */] = OPEN;
CHAR_CLASS[125 /* } */] = CHAR_CLASS[93 /* ] */] = CLOSE;

/**
 * A minimal JSON reader: notes the lines of the values on the trie's paths and skips all others — the rest
 * of an object or list too once its members on the paths are found — and stops as soon as every node of
 * the trie is found. A line is 1 + the newlines before the value, counted only when a value is found, from
 * where the last count stopped (values are found in the order of the text).
 */
class PathScanner {
  private pos = 0;
  private line = 1;
  private nextNewline: number;
  constructor(
    private readonly text: string,
    private unfound: number,
  ) {
    this.nextNewline = text.indexOf('\n');
  }

  value(node: PathNode | undefined): void {
    this.space();
    const c = this.text.charCodeAt(this.pos);
    // The first of duplicate keys answers, as a syntax tree's lookup would.
    if (node && node.line === undefined) {
      node.line = this.lineAt(this.pos);
      if (node.parent) node.parent.unfound--;
      if (--this.unfound === 0) return;
    }
    const follow = node?.children !== undefined;
    if (c === 123 /* { */) {
      if (follow) this.object(node);
      else this.skip(0);
    } else if (c === 91 /* [ */) {
      if (follow) this.array(node);
      else this.skip(0);
    } else if (c === QUOTE) this.pos = this.stringEnd(this.pos);
    else this.skipLiteral();
  }

  private lineAt(offset: number): number {
    let newline = this.nextNewline;
    while (newline !== -1 && newline < offset) {
      this.line++;
      newline = this.text.indexOf('\n', newline + 1);
    }
    this.nextNewline = newline;
    return this.line;
  }

  private object(node: PathNode): void {
    const children = node.children!;
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      const keyStart = this.pos;
      this.pos = this.stringEnd(keyStart);
      const raw = this.text.slice(keyStart + 1, this.pos - 1);
      const key = raw.includes('\\') ? (JSON.parse(this.text.slice(keyStart, this.pos)) as string) : raw;
      this.space();
      this.expect(58 /* : */);
      this.value(children.get(key));
      if (this.unfound === 0) return;
      if (node.unfound === 0) return this.skip(1);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125 /* } */) return;
      if (c !== 44 /* , */) throw new Error('expected , or }');
    }
  }

  private array(node: PathNode): void {
    const children = node.children!;
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === 93 /* ] */) {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(children.get(String(i)));
      if (this.unfound === 0) return;
      if (node.unfound === 0) return this.skip(1);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93 /* ] */) return;
      if (c !== 44 /* , */) throw new Error('expected , or ]');
    }
  }

  /**
   * To just after the end of the object or list the scan is `depth` deep in (0: at its start). Most of the
   * text goes through this loop.
   */
  private skip(depth: number): void {
    const text = this.text;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 125) continue;
      const kind = CHAR_CLASS[c];
      if (kind === OTHER) continue;
      if (kind === STRING) i = this.stringEnd(i) - 1;
      else if (kind === OPEN) depth++;
      else if (--depth === 0) {
        this.pos = i + 1;
        return;
      }
    }
    throw new Error('unterminated container');
  }

  /** Just after the closing quote of the string that opens at `start`. */
  private stringEnd(start: number): number {
    const text = this.text;
    if (text.charCodeAt(start) !== QUOTE) throw new Error('expected a string');
    for (let from = start + 1; ; ) {
      const quote = text.indexOf('"', from);
      if (quote === -1) throw new Error('unterminated string');
      let backslash = quote - 1;
      while (text.charCodeAt(backslash) === BACKSLASH) backslash--;
      if ((quote - 1 - backslash) % 2 === 0) return quote + 1;
      from = quote + 1;
    }
  }

  private skipLiteral(): void {
    const text = this.text;
    let i = this.pos;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 44 || c === 125 || c === 93 || c === 32 || c === 10 || c === 13 || c === 9) break;
    }
    if (i === this.pos) throw new Error('expected a value');
    this.pos = i;
  }

  private space(): void {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++this.pos);
  }

  private expect(code: number): void {
    if (this.text.charCodeAt(this.pos) !== code) throw new Error(`expected ${String.fromCharCode(code)}`);
    this.pos++;
  }
}
