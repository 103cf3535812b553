// JSON text → value, with line numbers for parse errors and (lazily) for JSON pointers.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

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

/** RFC 6901 pointer → path segments (`~1` is `/`, `~0` is `~`). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Finds the line of a JSON pointer in one text; parses the text on first use only. */
export class JsonLocator {
  private tree: Node | undefined | null = null;
  private lines: LineIndex | undefined;
  private readonly text: string;
  constructor(text: string) {
    this.text = text.startsWith(BOM) ? text.slice(1) : text;
  }

  /** The line of the value the pointer names, else of its deepest existing ancestor. */
  line(pointer: string): number | undefined {
    if (this.tree === null) {
      this.tree = parseTree(this.text, [], { disallowComments: true, allowTrailingComma: false });
      this.lines = new LineIndex(this.text);
    }
    const root = this.tree;
    if (root === undefined || this.lines === undefined) return undefined;
    const segments = pointerSegments(pointer);
    for (let n = segments.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, toPath(root, segments.slice(0, n)));
      if (node) return this.lines.position(node.offset).line;
    }
    return undefined;
  }
}

/** jsonc-parser wants numbers for array indexes. */
function toPath(root: Node, segments: string[]): (string | number)[] {
  const path: (string | number)[] = [];
  let node: Node | undefined = root;
  for (const s of segments) {
    const index: number | undefined = node?.type === 'array' && /^\d+$/.test(s) ? Number(s) : undefined;
    path.push(index ?? s);
    node = node ? findNodeAtLocation(node, [index ?? s]) : undefined;
  }
  return path;
}
