/**
 * The inline stylesheet and script of the `synack matrix --format html` page. The page loads nothing:
 * its Content-Security-Policy forbids every fetch, the data sits in a `<script type="application/json">`
 * and every string from the input reaches the page through `textContent`, never as markup.
 */
export const MATRIX_STYLE = `
:root { color-scheme: light; --fg: #1d232a; --muted: #5b6673; --line: #d7dce1; --panel: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
header { padding: 12px 18px; border-bottom: 1px solid var(--line); }
h1 { font-size: 18px; margin: 0 0 4px; }
.muted { color: var(--muted); }
.controls { margin-top: 8px; display: flex; gap: 16px; align-items: center; flex-wrap: wrap; }
.legend span { display: inline-block; margin-right: 10px; }
.legend i { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin-right: 4px; border-radius: 2px; }
main { display: flex; align-items: flex-start; }
.gridwrap { overflow: auto; max-height: calc(100vh - 110px); flex: 1 1 auto; padding: 8px 0 8px 18px; }
table.grid { border-collapse: separate; border-spacing: 2px; }
table.grid th { font-weight: normal; font-size: 12px; white-space: nowrap; background: #fff; }
table.grid thead th { position: sticky; top: 0; z-index: 1; }
table.grid tbody th { position: sticky; left: 0; text-align: left; padding-right: 8px; z-index: 1; }
table.grid td { padding: 0; white-space: nowrap; }
button.cell { font: 12px/1 ui-monospace, monospace; width: 22px; height: 22px; margin: 0; padding: 0; border: 1px solid rgba(0,0,0,.12); border-radius: 3px; cursor: pointer; }
button.cell:focus-visible, button.cell.selected { outline: 2px solid #0a58ca; outline-offset: 1px; }
button.cell.hidden { display: none; }
.v-none { background: #eef0f2; color: #9aa3ad; }
.v-unknown { background: #d9c8ef; }
.v-mixed { background: #9fc6ee; }
aside { flex: 0 0 46%; max-width: 46%; border-left: 1px solid var(--line); background: var(--panel); padding: 12px 16px; min-height: calc(100vh - 110px); overflow: auto; max-height: calc(100vh - 110px); }
aside h2 { font-size: 15px; margin: 0 0 6px; }
aside h3 { font-size: 13px; margin: 14px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.verdict { font-weight: bold; }
.verdict.reachable { color: #1a7f37; } .verdict.partial { color: #9a6700; } .verdict.unreachable { color: #cf222e; } .verdict.unknown { color: #8250df; } .verdict.mixed { color: #0969da; }
table.hops { border-collapse: collapse; width: 100%; font-size: 12px; }
table.hops td { border-top: 1px solid var(--line); padding: 3px 6px 3px 0; vertical-align: top; }
table.hops td.mark { width: 1.5em; font-weight: bold; }
.d-allow, .d-stateful { color: #1a7f37; } .d-deny { color: #cf222e; } .d-partial { color: #9a6700; } .d-unknown { color: #8250df; } .d-skipped, .d-not-evaluated { color: var(--muted); }
code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { white-space: pre-wrap; word-break: break-all; background: #fff; border: 1px solid var(--line); padding: 6px; }
ul.counts { margin: 4px 0; padding-left: 18px; }
.example + .example { margin-top: 18px; padding-top: 8px; border-top: 2px solid var(--line); }
`;

export const MATRIX_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('matrix-data').textContent);
  // Verdict codes: CODES in src/report/matrix-html.ts.
  var VERDICTS = ['reachable', 'partial', 'unreachable', 'unknown', 'mixed', 'none'];
  var MARKS = ['\\u2713', '~', '\\u2717', '?', '\\u00b1', '\\u00b7'];
  var HOP_MARK = { allow: '\\u2713', stateful: '\\u2713', deny: '\\u2717', partial: '~', unknown: '?', skipped: '\\u2013', 'not-evaluated': '\\u2013' };
  var S = data.services.length;
  var G = data.groups.length;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function label(g) { return g.name ? g.id + ' (' + g.name + ')' : g.id; }
  function pct(f) {
    if (!(f > 0)) return '0%';
    if (f >= 1) return '100%';
    var p = Math.round(f * 1000) / 10;
    return p <= 0 ? '<0.1%' : p >= 100 ? '>99.9%' : p + '%';
  }
  // Heat, red to green: reachable and unreachable cells at the ends, partial ones by their pairs' mean share
  // of client ports that get replies. Mixed, unknown and empty cells have their own colours (.v-*).
  function heat(c) {
    if (c[0] > 2) return '';
    var share = c[0] === 0 ? 1 : c[0] === 2 ? 0 : (c[9] || 0);
    return 'hsl(' + Math.round(120 * share) + ', 62%, 74%)';
  }
  // A mixed cell's pairs by verdict: "1 reachable, 1 unreachable".
  function mix(c) {
    var parts = [];
    for (var v = 0; v < 4; v++) if (c[2 + v] > 0) parts.push(c[2 + v] + ' ' + VERDICTS[v]);
    return parts.join(', ');
  }

  document.getElementById('subtitle').textContent =
    S + ' service' + (S === 1 ? '' : 's') + ' (' + data.services.map(function (s) { return s.name; }).join(', ') + ') between ' +
    G + ' group' + (G === 1 ? '' : 's') + ' by ' + data.groupBy + ': ' + data.enis + ' ENIs in ' + data.classes + ' equivalence classes';

  var select = document.getElementById('service');
  var all = el('option', null, 'all services');
  all.value = '';
  select.appendChild(all);
  data.services.forEach(function (s, i) {
    var o = el('option', null, s.name);
    o.value = String(i);
    select.appendChild(o);
  });

  var table = document.getElementById('grid');
  var head = el('thead');
  var hr = el('tr');
  hr.appendChild(el('th', null, ''));
  data.groups.forEach(function (g, y) {
    var th = el('th', null, String(y + 1));
    th.title = label(g);
    hr.appendChild(th);
  });
  head.appendChild(hr);
  table.appendChild(head);
  var body = el('tbody');
  data.rows.forEach(function (row, x) {
    var tr = el('tr');
    var th = el('th', null, (x + 1) + ' ' + label(data.groups[x]));
    th.title = data.groups[x].enis + ' ENIs';
    tr.appendChild(th);
    for (var y = 0; y < G; y++) {
      var td = el('td');
      for (var s = 0; s < S; s++) {
        var c = row[y * S + s];
        var b = el('button', 'cell v-' + VERDICTS[c[0]], MARKS[c[0]]);
        b.type = 'button';
        b.setAttribute('data-cell', x + '-' + y + '-' + s);
        b.setAttribute('data-service', String(s));
        b.setAttribute('aria-label', label(data.groups[x]) + ' to ' + label(data.groups[y]) + ', ' + data.services[s].name + ': ' + VERDICTS[c[0]]);
        b.title = data.services[s].name + ': ' + VERDICTS[c[0]] + ' (' + (c[0] === 4 ? mix(c) + ' of ' : '') + c[1] + ' pairs)';
        var h = heat(c);
        if (h) b.style.background = h;
        td.appendChild(b);
      }
      tr.appendChild(td);
    }
    body.appendChild(tr);
  });
  table.appendChild(body);

  select.addEventListener('change', function () {
    var only = select.value;
    var buttons = table.querySelectorAll('button.cell');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].classList.toggle('hidden', only !== '' && buttons[i].getAttribute('data-service') !== only);
    }
  });

  var panel = document.getElementById('panel');
  var selected = null;
  table.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || !target.getAttribute || !target.getAttribute('data-cell')) return;
    if (selected) selected.classList.remove('selected');
    selected = target;
    target.classList.add('selected');
    var parts = target.getAttribute('data-cell').split('-').map(Number);
    show(parts[0], parts[1], parts[2]);
  });

  function show(x, y, s) {
    var c = data.rows[x][y * S + s];
    var service = data.services[s];
    panel.textContent = '';
    panel.appendChild(el('h2', null, label(data.groups[x]) + ' \\u2192 ' + label(data.groups[y])));
    var line = el('div');
    line.appendChild(el('span', null, service.name + ': '));
    line.appendChild(el('span', 'verdict ' + VERDICTS[c[0]], VERDICTS[c[0]]));
    line.id = 'cell-verdict';
    panel.appendChild(line);
    if (c[0] === 4) {
      var why = el('p', 'muted', 'Its ENI pairs do not all have the same verdict (counts below); the trace of one pair of each verdict follows.');
      why.id = 'cell-why';
      panel.appendChild(why);
    }
    panel.appendChild(el('h3', null, 'ENI pairs'));
    var ul = el('ul', 'counts');
    ul.id = 'cell-counts';
    ul.appendChild(el('li', null, c[1] + ' pairs'));
    [['reachable', c[2]], ['partial', c[3]], ['unreachable', c[4]], ['unknown', c[5]], ['skipped (no shared address family)', c[6]]].forEach(function (p) {
      if (p[1] > 0) {
        var text = p[1] + ' ' + p[0];
        if (p[0] === 'partial') text += ' (' + (c[7] === c[8] ? pct(c[7]) : pct(c[7]) + '\\u2013' + pct(c[8])) + ' of client ports get replies)';
        ul.appendChild(el('li', null, text));
      }
    });
    panel.appendChild(ul);
    var examples = c[10];
    examples.forEach(function (ex) {
      var from = ex[0], to = ex[1], verdict = VERDICTS[ex[2]], traceIndex = ex[3];
      var box = el('section', 'example');
      box.setAttribute('data-verdict', verdict);
      box.appendChild(el('h3', null, c[0] === 4 ? verdict + ' pair' : 'example pair'));
      var cmd = 'synack trace ' + data.sources + ' --from ' + from + ' --to ' + to + ' --protocol ' + service.protocol + ' --port ' + service.port +
        (service.clientPorts ? ' --client-ports ' + service.clientPorts : '');
      box.appendChild(el('div', 'pair', from + ' \\u2192 ' + to));
      panel.appendChild(box);
      if (traceIndex === null) {
        box.appendChild(el('p', 'muted', 'The trace of this pair is not embedded (the page holds ' + data.traces.length + ' traces); run:'));
        box.appendChild(el('pre', null, cmd));
        return;
      }
      renderTrace(box, data.traces[traceIndex], cmd);
    });
  }

  function renderTrace(parent, t, cmd) {
    var box = el('section', 'trace');
    box.appendChild(el('div', 'muted', t.protocol.toUpperCase() + ' ' + t.from + ' \\u2192 ' + t.to + ':' + t.port + '   client ports ' + t.clientPorts));
    ['request', 'reply'].forEach(function (leg) {
      box.appendChild(el('h3', null, leg));
      var table = el('table', 'hops');
      t.hops.filter(function (h) { return h.leg === leg; }).forEach(function (h) {
        var tr = el('tr');
        tr.className = 'hop';
        tr.setAttribute('data-decision', h.decision);
        tr.appendChild(el('td', 'mark d-' + h.decision, HOP_MARK[h.decision] || ''));
        tr.appendChild(el('td', null, h.what));
        tr.appendChild(el('td', null, h.at));
        tr.appendChild(el('td', null, h.ids || '-'));
        tr.appendChild(el('td', 'd-' + h.decision, h.decision === 'not-evaluated' ? 'n/a' : h.decision));
        var detail = el('td');
        h.lines.forEach(function (l) { detail.appendChild(el('div', null, l)); });
        if (h.note) detail.appendChild(el('div', 'muted', h.note));
        tr.appendChild(detail);
        table.appendChild(tr);
      });
      box.appendChild(table);
    });
    var verdict = el('p');
    verdict.appendChild(el('span', 'verdict ' + t.verdict, t.verdict.toUpperCase()));
    verdict.appendChild(el('span', null, ' \\u2014 ' + t.summary));
    verdict.className = 'trace-verdict';
    box.appendChild(verdict);
    if (t.fixes.length) {
      box.appendChild(el('h3', null, 'fix'));
      t.fixes.forEach(function (f) {
        box.appendChild(el('div', null, f.summary));
        if (f.command) box.appendChild(el('pre', null, f.command));
      });
    }
    if (t.notes.length) {
      box.appendChild(el('h3', null, 'notes'));
      t.notes.forEach(function (n) { box.appendChild(el('div', 'muted', n)); });
    }
    box.appendChild(el('h3', null, 'trace it yourself'));
    box.appendChild(el('pre', null, cmd));
    parent.appendChild(box);
  }
})();
`;
