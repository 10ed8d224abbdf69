'use strict';
// Measures the npm reference types on the cases of the fixture: ops per second of apply and
// transform, with warm-up, printing the median of the measured iterations.
// Usage: node reference.js FIXTURE.json OUT.json [warmups] [iterations] [seconds per iteration]
//        [kind name]
// With a kind (apply or transform) and a case name, only that case runs.

const fs = require('fs');
const path = require('path');
const nodeModules = path.join(__dirname, '..', '..', 'node_modules');
const textUnicode = require(path.join(nodeModules, 'ot-text-unicode')).type;
const json0 = require(path.join(nodeModules, 'ot-json0')).type;
const richText = require(path.join(nodeModules, 'rich-text')).type;

const [fixturePath, outPath] = process.argv.slice(2, 4);
if (!fixturePath || !outPath) {
  throw new Error('usage: node reference.js FIXTURE.json OUT.json [warmups] [iterations] [seconds] [kind name]');
}
const warmups = Number(process.argv[4] || 3);
const iterations = Number(process.argv[5] || 5);
const seconds = Number(process.argv[6] || 1);
const [onlyKind, onlyName] = process.argv.slice(7, 9);
const selected = (kind, c) => !onlyKind || (kind === onlyKind && c.name === onlyName);

const fixture = JSON.parse(fs.readFileSync(fixturePath, 'utf8'));
const types = { 'text-unicode': textUnicode, json0, 'rich-text': richText };
const copy = (value) => JSON.parse(JSON.stringify(value));
// Results of the measured calls, so that the engine cannot drop them as unused.
let sink = 0;

// Runs `invoke` for `seconds` and returns invocations per second. The clock is read every 16
// invocations, so the loop ends at most 16 invocations after the deadline.
function measure(invoke) {
  const budget = BigInt(Math.round(seconds * 1e9));
  const start = process.hrtime.bigint();
  let count = 0;
  let elapsed = 0n;
  do {
    for (let i = 0; i < 16; i++) {
      sink ^= invoke() ? 1 : 0;
    }
    count += 16;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return count / (Number(elapsed) / 1e9);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function run(kind, c, opsPerInvocation, invoke) {
  for (let i = 0; i < warmups; i++) {
    measure(invoke);
  }
  const scores = [];
  for (let i = 0; i < iterations; i++) {
    scores.push(measure(invoke) * opsPerInvocation);
  }
  const result = { kind, name: c.name, median: median(scores), scores };
  console.log(kind.padEnd(9) + ' ' + c.name.padEnd(45) + ' ' + Math.round(result.median).toString().padStart(12) + ' ops/s');
  return result;
}

const results = [];
for (const c of fixture.cases.apply.filter((item) => selected('apply', item))) {
  const type = types[c.type];
  // The snapshot is the type's own value, as ShareDB keeps it. ot-json0 applies in place, and each
  // sequence gives the document back, so every invocation starts from the same document.
  const document = type.create(copy(fixture.docs[c.doc]));
  const ops = c.ops;
  const invoke = () => {
    let snapshot = document;
    for (let i = 0; i < ops.length; i++) {
      snapshot = type.apply(snapshot, ops[i]);
    }
    return snapshot;
  };
  results.push(run('apply', c, ops.length, invoke));
}
for (const c of fixture.cases.transform.filter((item) => selected('transform', item))) {
  const type = types[c.type];
  const invoke = () => type.transform(c.op, c.other, 'left');
  results.push(run('transform', c, 1, invoke));
}

if (results.length === 0) {
  throw new Error('no ' + onlyKind + ' case named ' + onlyName + ' in ' + fixturePath);
}
fs.writeFileSync(outPath, JSON.stringify({
  runtime: 'node ' + process.version, warmups, iterations, seconds, results,
}, null, 2));
