// CloudFormation YAML → the JSON form of the template (short tags `!Ref X` become `{"Ref": "X"}`), with the
// line of every JSON pointer, from the yaml package's node ranges.
import type { Document, Node, ParsedNode, Tags } from 'yaml';
import type { InputProblem } from '../../model/errors.js';
import { yamlLib } from '../lazy-yaml.js';
import { escapePointerSegment } from '../../model/source.js';

/** The short form of every intrinsic function: `!GetAtt` is `Fn::GetAtt`, `!Ref` is `Ref`. */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'Length',
  'ToJsonString',
  'ForEach',
] as const;

/** Tags kept on the node (identity): the conversion below gives them their meaning. */
const CUSTOM_TAGS: Tags = ['Ref', 'Condition', ...FUNCTIONS].flatMap((name) => [
  { tag: `!${name}`, resolve: (value: string) => value },
  { tag: `!${name}`, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag: `!${name}`, collection: 'map' as const, resolve: (value: unknown) => value },
]) as unknown as Tags;

export type ParsedYaml =
  | { readonly ok: true; readonly value: unknown; readonly lines: (pointer: string) => number | undefined }
  | { readonly ok: false; readonly problems: InputProblem[] };

export function parseCloudFormationYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new (yamlLib().LineCounter)();
  const doc = yamlLib().parseDocument(text, { customTags: CUSTOM_TAGS, lineCounter, uniqueKeys: true, prettyErrors: false, strict: false });
  const problems: InputProblem[] = [];
  const lineOf = (offset: number): number => lineCounter.linePos(offset).line;
  for (const e of [...doc.errors, ...doc.warnings]) {
    const line = lineOf(e.pos[0]);
    const what = e.code === 'TAG_RESOLVE_FAILED' ? `${e.message.replace(/\.$/, '')}; expected a CloudFormation short tag (!Ref, !GetAtt, !Sub, !Join, !Select, !If, …)` : e.message.split('\n')[0];
    problems.push({ file, line, message: `invalid YAML at line ${line}: ${what}` });
  }
  if (problems.length > 0) return { ok: false, problems };
  const lines = new Map<string, number>();
  const value = convert(doc, doc.contents, '', lines, lineOf, problems, file);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value,
    lines: (pointer) => {
      for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
        const line = lines.get(p);
        if (line !== undefined) return line;
        if (p === '') return undefined;
      }
    },
  };
}


/** Node → JSON value; records the line of each pointer (a map entry's key line, a list item's own line). */
function convert(
  doc: Document,
  node: Node | ParsedNode | null | undefined,
  pointer: string,
  lines: Map<string, number>,
  lineOf: (offset: number) => number,
  problems: InputProblem[],
  file: string,
  line?: number,
): unknown {
  if (node === null || node === undefined) {
    if (line !== undefined) lines.set(pointer, line);
    return null;
  }
  if (yamlLib().isAlias(node)) return convert(doc, node.resolve(doc) as Node | undefined, pointer, lines, lineOf, problems, file, line);
  const start = node.range?.[0];
  lines.set(pointer, line ?? (start !== undefined ? lineOf(start) : 1));
  const tag = node.tag?.startsWith('!') && !node.tag.startsWith('!!') ? node.tag.slice(1) : undefined;
  if (tag !== undefined) {
    // `!Ref X` is `{"Ref": "X"}`: the function's pointer segment stays on the same line.
    const key = tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`;
    const inner = `${pointer}/${escapePointerSegment(key)}`;
    let arg = untagged(doc, node, inner, lines, lineOf, problems, file);
    if (tag === 'GetAtt' && typeof arg === 'string') {
      const dot = arg.indexOf('.');
      arg = dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg];
    }
    return { [key]: arg };
  }
  return untagged(doc, node, pointer, lines, lineOf, problems, file);
}

function untagged(
  doc: Document,
  node: Node | ParsedNode,
  pointer: string,
  lines: Map<string, number>,
  lineOf: (offset: number) => number,
  problems: InputProblem[],
  file: string,
): unknown {
  const start = node.range?.[0];
  if (!lines.has(pointer)) lines.set(pointer, start !== undefined ? lineOf(start) : 1);
  if (yamlLib().isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const key = yamlLib().isScalar(keyNode) ? String(keyNode.value) : keyNode === null ? '' : String((keyNode as { toJSON?: () => unknown }).toJSON?.() ?? '');
      const keyLine = keyNode?.range ? lineOf(keyNode.range[0]) : undefined;
      out[key] = convert(doc, pair.value as Node | null, `${pointer}/${escapePointerSegment(key)}`, lines, lineOf, problems, file, keyLine);
    }
    return out;
  }
  if (yamlLib().isSeq(node)) return node.items.map((item, i) => convert(doc, item as Node | null, `${pointer}/${i}`, lines, lineOf, problems, file));
  if (yamlLib().isScalar(node)) {
    const v = node.value;
    if (typeof v === 'bigint') return Number(v);
    if (v instanceof Date) return node.source;
    return v;
  }
  const line = start !== undefined ? lineOf(start) : undefined;
  problems.push({ file, ...(line !== undefined ? { line } : {}), pointer, message: 'a YAML node synack cannot read; expected a map, a list or a scalar' });
  return null;
}
