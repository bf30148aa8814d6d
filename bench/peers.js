// peers.js -- the JavaScript peers on the same text as whosaid, for bench/run.sh.
//
//   node bench/peers.js wink|compromise FILE...
//
// Each FILE is one document (PolNeAR text).  wink-nlp with
// wink-eng-lite-web-model reads sentences and named entities; compromise
// finds quotations.  Prints "NAME BYTES WALL_S CPU_S ITEMS" on one line:
// the bytes read, the wall and CPU time of the processing alone (loading
// the model is not counted) and how many sentences+entities or quotations
// were found.
'use strict';
const fs = require('fs');

const which = process.argv[2];
const files = process.argv.slice(3);
const texts = files.map((f) => fs.readFileSync(f, 'utf8'));
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);

let run;
if (which === 'wink') {
  const winkNLP = require('wink-nlp');
  const model = require('wink-eng-lite-web-model');
  const nlp = winkNLP(model);
  run = (t) => {
    const doc = nlp.readDoc(t);
    return doc.sentences().length() + doc.entities().length();
  };
} else if (which === 'compromise') {
  const nlp = require('compromise');
  run = (t) => nlp(t).quotations().out('array').length;
} else {
  console.error('usage: node peers.js wink|compromise FILE...');
  process.exit(1);
}
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
let items = 0;
for (const t of texts) items += run(t);
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const c = process.cpuUsage(c0);
const cpu = (c.user + c.system) / 1e6;
console.log(`${which} ${bytes} ${secs.toFixed(3)} ${cpu.toFixed(3)} ${items}`);
