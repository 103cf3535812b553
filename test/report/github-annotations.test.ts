import { describe, expect, it } from 'vitest';
import { lintSnapshot } from '../../src/lint/run.js';
import { annotationLine, diffAnnotations, escapeData, escapeProperty, lintAnnotations, renderAnnotations, type Annotation } from '../../src/report/github-annotations.js';
import { EVIL_NAME, NARROWED_WEB_OUT, net, sampleDiff } from '../fixtures/diff/networks.js';
import { CONTROL_CHARS } from '../commands/helpers.js';

const asIs = (file: string) => file;

/** What the runner would read back from a line: command, properties, message (toolkit's decoding). */
function decode(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('GitHub Actions workflow annotations', () => {
  it('follow the runner\'s escaping: % CR LF in messages, and : , too in properties', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(annotationLine({ level: 'error', file: 'plans/a,b.json', line: 12, title: 'synack: x', message: 'm' })).toBe('::error file=plans/a%2Cb.json,line=12,title=synack%3A x::m');
  });

  it('an untrusted name can neither start a command of its own nor add a property', () => {
    const a: Annotation = { level: 'warning', file: EVIL_NAME, line: 3, title: EVIL_NAME, message: EVIL_NAME };
    const line = annotationLine(a);
    expect(line.split('\n')).toHaveLength(1);
    expect(line).not.toMatch(CONTROL_CHARS);
    const back = decode(line);
    expect(back.command).toBe('warning');
    expect(Object.keys(back.props)).toEqual(['file', 'line', 'title']);
    expect(back.props.line).toBe('3');
    expect(back.message).toContain('\n::error::pwned');
    expect(back.message).toContain('\\x1b[2J');
  });

  it('lint: one annotation per unsuppressed finding, at its file and line, levels error/warning/notice', () => {
    const result = lintSnapshot(net({ webOut: NARROWED_WEB_OUT }));
    for (const f of result.findings) if (f.location) f.location.line = 7;
    const list = lintAnnotations(result.findings, asIs);
    expect(list.map((a) => [a.level, a.title, a.file, a.line])).toContainEqual(['warning', 'synack nacl-return-partial', 'test.json', 7]);
    expect(list).toHaveLength(result.findings.filter((f) => !f.suppressed).length);
  });

  it('diff: broken flows are errors at the rule the change made; introduced findings follow', () => {
    const list = diffAnnotations(sampleDiff(), (f) => (f === 'test.json' ? 'net/test.json' : undefined));
    expect(list[0]).toMatchObject({ level: 'error', title: 'synack diff: broken flow tcp/5432', file: 'net/test.json' });
    expect(list[1]).toMatchObject({ level: 'error', title: 'synack diff: broken flow tcp/443', file: 'net/test.json' });
    expect(list[1]!.message).toMatch(/^203\.0\.113\.10 → eni-web \(web-1\) tcp\/443: reachable → partial\. partial: replies to client ports 1024-32767/);
    expect(list[1]!.message).toContain('\nFix: Add rule #120 to acl-web outbound');
    expect(list.slice(2).every((a) => a.title!.startsWith('synack new '))).toBe(true);
  });

  it('files outside the repository get no path: the annotation goes to the run', () => {
    const list = diffAnnotations(sampleDiff(), () => undefined);
    expect(list.every((a) => a.file === undefined && a.line === undefined)).toBe(true);
  });

  it('errors first, cut at the limit with a last notice saying how many were left out', () => {
    const list: Annotation[] = [
      { level: 'notice', message: 'n' },
      { level: 'warning', message: 'w' },
      { level: 'error', message: 'e1' },
      { level: 'error', message: 'e2' },
    ];
    expect(renderAnnotations(list, 2)).toBe('::error::e1\n::error::e2\n::notice title=synack::2 more annotations were left out; see the report for all of them.\n');
    expect(renderAnnotations([])).toBe('');
  });
});
