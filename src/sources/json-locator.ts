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
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Lines of JSON pointers in one text. Pointers are resolved in batches (`prepare`), each batch with one
 * scan of the text that follows only the paths asked for and skips every other value: no syntax tree of
 * the whole file (for a 30 MB export, that tree cost seconds and most of the memory of a lint run).
 */
export class JsonLocator {
  private readonly text: string;
  private lineIndex: LineIndex | undefined;
  private readonly known = new Map<string, number | undefined>();
  constructor(text: string) {
    this.text = text.startsWith(BOM) ? text.slice(1) : text;
  }

  /** The line of the value the pointer names, else of its deepest existing ancestor. */
  line(pointer: string): number | undefined {
    if (!this.known.has(pointer)) this.prepare([pointer]);
    return this.known.get(pointer);
  }

  /** Resolves many pointers with one scan of the text. */
  prepare(pointers: Iterable<string>): void {
    const root: PathNode = { children: new Map() };
    const wanted: [string, string[]][] = [];
    for (const pointer of pointers) {
      if (this.known.has(pointer)) continue;
      const segments = pointerSegments(pointer);
      let node = root;
      for (const s of segments) {
        let child = node.children.get(s);
        if (!child) {
          child = { children: new Map() };
          node.children.set(s, child);
        }
        node = child;
      }
      wanted.push([pointer, segments]);
    }
    if (wanted.length === 0) return;
    try {
      new PathScanner(this.text).value(root);
    } catch {
      // A text that is not JSON: whatever the scan reached before the error still answers.
    }
    this.lineIndex ??= new LineIndex(this.text);
    for (const [pointer, segments] of wanted) {
      let node: PathNode | undefined = root;
      let offset = root.offset;
      for (const s of segments) {
        node = node.children.get(s);
        if (node?.offset === undefined) break;
        offset = node.offset;
      }
      this.known.set(pointer, offset === undefined ? undefined : this.lineIndex.position(offset).line);
    }
  }
}

/** A trie of the pointers asked for; `offset` is where the scan found the value. */
interface PathNode {
  readonly children: Map<string, PathNode>;
  offset?: number;
}

const QUOTE = 34;
const BACKSLASH = 92;

/** A minimal JSON reader: records the offsets of the values on the trie's paths and skips all others. */
class PathScanner {
  private pos = 0;
  constructor(private readonly text: string) {}

  value(node: PathNode | undefined): void {
    this.space();
    const c = this.text.charCodeAt(this.pos);
    // The first of duplicate keys answers, as a syntax tree's lookup would.
    if (node && node.offset === undefined) node.offset = this.pos;
    const follow = node !== undefined && node.children.size > 0;
    if (c === 123 /* { */) {
      if (follow) this.object(node);
      else this.skipContainer();
    } else if (c === 91 /* [ */) {
      if (follow) this.array(node);
      else this.skipContainer();
    } else if (c === QUOTE) this.skipString();
    else this.skipLiteral();
  }

  private object(node: PathNode): void {
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === 125 /* } */) {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      const keyStart = this.pos;
      this.skipString();
      const raw = this.text.slice(keyStart + 1, this.pos - 1);
      const key = raw.includes('\\') ? (JSON.parse(this.text.slice(keyStart, this.pos)) as string) : raw;
      this.space();
      this.expect(58 /* : */);
      this.value(node.children.get(key));
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125 /* } */) return;
      if (c !== 44 /* , */) throw new Error('expected , or }');
    }
  }

  private array(node: PathNode): void {
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === 93 /* ] */) {
      this.pos++;
      return;
    }
    for (let i = 0; ; i++) {
      this.value(node.children.get(String(i)));
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93 /* ] */) return;
      if (c !== 44 /* , */) throw new Error('expected , or ]');
    }
  }

  private skipContainer(): void {
    const text = this.text;
    let depth = 0;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i;
        this.skipString();
        i = this.pos - 1;
      } else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        if (--depth === 0) {
          this.pos = i + 1;
          return;
        }
      }
    }
    throw new Error('unterminated container');
  }

  /** From an opening quote to just after the closing one. */
  private skipString(): void {
    const text = this.text;
    if (text.charCodeAt(this.pos) !== QUOTE) throw new Error('expected a string');
    let i = this.pos + 1;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q === -1) throw new Error('unterminated string');
      let backslashes = 0;
      for (let j = q - 1; j > this.pos && text.charCodeAt(j) === BACKSLASH; j--) backslashes++;
      if (backslashes % 2 === 0) {
        this.pos = q + 1;
        return;
      }
      i = q + 1;
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
