// readability.js -- scores `whosaid read` against Mozilla Readability's
// reference text and times Readability itself on the same pages.
//
//   node bench/readability.js PAGES_DIR WHOSAID_JSONL [--time-readability]
//
// PAGES_DIR/NAME/{source.html,expected.html,expected-metadata.json}; the
// JSON lines are whosaid read's output for PAGES_DIR/*/source.html.  Text
// is compared as bags of words (lower case, runs of letters and digits):
// precision = shared words / words whosaid kept, recall = shared words /
// words of expected.html, F1 their harmonic mean.  Titles agree when equal
// after white space is collapsed; dates when the calendar days are equal.
'use strict';
const fs = require('fs');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');

const [dir, jsonl] = process.argv.slice(2);
const timeReadability = process.argv.includes('--time-readability');
const quietConsole = new VirtualConsole();

function words(s) {
  const m = (s || '').toLowerCase().match(/[\p{L}\p{N}]+/gu);
  return m || [];
}
function bag(ws) {
  const b = new Map();
  for (const w of ws) b.set(w, (b.get(w) || 0) + 1);
  return b;
}
function norm(s) {
  return (s || '').replace(/\s+/g, ' ').trim();
}

const ours = new Map();
for (const line of fs.readFileSync(jsonl, 'utf8').split('\n')) {
  if (!line) continue;
  const d = JSON.parse(line);
  ours.set(path.basename(path.dirname(d.id)), d);
}

const pages = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, 'expected.html'))).sort();
const rows = [];
let titles = 0, titlesRight = 0, dates = 0, datesRight = 0;
for (const name of pages) {
  const exp = fs.readFileSync(path.join(dir, name, 'expected.html'), 'utf8');
  const meta = JSON.parse(fs.readFileSync(path.join(dir, name, 'expected-metadata.json'), 'utf8'));
  const dom = new JSDOM(exp, { virtualConsole: quietConsole });
  const ew = words(dom.window.document.body ? dom.window.document.body.textContent : '');
  dom.window.close();
  const d = ours.get(name) || {};
  const ow = words(d.text);
  const eb = bag(ew);
  let shared = 0;
  for (const [w, c] of bag(ow)) shared += Math.min(c, eb.get(w) || 0);
  const p = ow.length ? shared / ow.length : 0;
  const r = ew.length ? shared / ew.length : 0;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  let t = '';
  if (meta.title) {
    titles++;
    const ok = norm(meta.title) === norm(d.title);
    titlesRight += ok;
    t = ok ? 'ok' : 'differs';
  }
  let dt = '';
  if (meta.publishedTime) {
    const want = meta.publishedTime.slice(0, 10);
    dates++;
    const ok = d.date === want;
    datesRight += ok;
    dt = ok ? 'ok' : `${d.date || '-'} vs ${want}`;
  }
  rows.push({ name, p, r, f1, t, dt, ours: d.title, want: meta.title });
}
rows.sort((a, b) => a.f1 - b.f1);
const f1s = rows.map((x) => x.f1);
const mean = f1s.reduce((a, b) => a + b, 0) / f1s.length;
const sorted = [...f1s].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]
  : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
const mp = rows.reduce((a, x) => a + x.p, 0) / rows.length;
const mr = rows.reduce((a, x) => a + x.r, 0) / rows.length;
console.log('page                                      P      R      F1     title    date');
for (const x of rows)
  console.log(`${x.name.padEnd(40)} ${x.p.toFixed(3)}  ${x.r.toFixed(3)}  ${x.f1.toFixed(3)}  ${x.t.padEnd(8)} ${x.dt}`);
console.log(`\npages ${rows.length}: mean P ${mp.toFixed(3)} R ${mr.toFixed(3)}; F1 mean ${mean.toFixed(3)}, median ${median.toFixed(3)}`);
console.log(`titles: ${titlesRight}/${titles} right (${((100 * titlesRight) / titles).toFixed(1)}%)`);
console.log(`dates: ${datesRight}/${dates} right (${((100 * datesRight) / dates).toFixed(1)}%)`);
if (process.env.SHOW_TITLES)
  for (const x of rows) if (x.t === 'differs') console.log(`title ${x.name}: ours "${x.ours}" want "${x.want}"`);

if (timeReadability) {
  const { Readability } = require('@mozilla/readability');
  const htmls = pages.map((n) => fs.readFileSync(path.join(dir, n, 'source.html'), 'utf8'));
  let parse = 0, extract = 0;
  const t0 = process.hrtime.bigint();
  for (const h of htmls) {
    const a = process.hrtime.bigint();
    const dom = new JSDOM(h, { url: 'http://example.com/', virtualConsole: quietConsole });
    const b = process.hrtime.bigint();
    new Readability(dom.window.document).parse();
    const c = process.hrtime.bigint();
    parse += Number(b - a);
    extract += Number(c - b);
    dom.window.close();
  }
  const total = Number(process.hrtime.bigint() - t0);
  console.log(`readability_seconds ${(total / 1e9).toFixed(3)} jsdom_parse ${(parse / 1e9).toFixed(3)} readability_only ${(extract / 1e9).toFixed(3)}`);
}
