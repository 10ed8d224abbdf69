#!/usr/bin/env node
// Generates differential test vectors for the Java json0 type from the npm reference ot-json0
// (the version pinned in package.json), with ot-text-unicode registered as an embedded type.
//
// Usage, from the repository root after `npm ci`:
//   node scripts/vectors/json0.js [seed] [count] [outFile]
// Defaults: seed 1, count 10000, outFile src/test/resources/vectors/json0.json.
// The committed file comes from the defaults. A fresh-seed check writes elsewhere and replays it:
//   node scripts/vectors/json0.js "$RANDOM" 10000 /tmp/json0.json
//   mvn -o -q test -Dtest='Json0DifferentialTest' -Dtandem.vectors.file.json0=/tmp/json0.json
// scripts/vectors/live-check does both for every generator in this folder.
//
// Each case contains a document, ops valid on it and the reference results:
//   doc, opA, opB        opA and opB both made on doc
//   applyA, applyB       apply(doc, opA) and apply(doc, opB)
//   left, bRight         transform(opA, opB, 'left') and transform(opB, opA, 'right'), one
//                        transform for each side
//   afterBA, afterAB     apply(applyB, left) and apply(applyA, bRight), null when that op is not
//                        strictly valid there (see strictlyValid)
//   converges            whether afterBA and afterAB are equal documents
//   opC, compose         opC made on applyA, and compose(opA, opC)
//   normalized           normalize(opA followed by opC) in every fourth case, else null
//   invert               invert(opA), null when opA holds an embedded op (Java has no
//                        text-unicode invert)
// Every generated op passes the strict checks of the Java type: paths exist, deleted values
// match, indexes and offsets are in range, string offsets never split a surrogate pair and
// oi never lands on an existing key.

'use strict';

const fs = require('fs');
const path = require('path');
const json0 = require('ot-json0').type;
const textUnicode = require('ot-text-unicode').type;

json0.registerSubtype(textUnicode);

const seed = parseInt(process.argv[2] || '1', 10);
const count = parseInt(process.argv[3] || '10000', 10);
const outFile = process.argv[4]
  || path.join(__dirname, '..', '..', 'src', 'test', 'resources', 'vectors', 'json0.json');

if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('invalid arguments: seed must be an integer and count an integer of at least 1');
  console.error('usage: node scripts/vectors/json0.js [seed] [count] [outFile]');
  process.exit(2);
}

// mulberry32: a small 32-bit PRNG, so that one seed always gives the same file.
function makeRandom(seedValue) {
  let state = seedValue >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = makeRandom(seed);
const randomInt = (n) => Math.floor(random() * n);
const pick = (list) => list[randomInt(list.length)];
const clone = (value) => JSON.parse(JSON.stringify(value));
const equal = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

// Sorts object keys, so that equal documents print alike whatever their key order.
function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const sorted = {};
    for (const key of Object.keys(value).sort()) sorted[key] = canonical(value[key]);
    return sorted;
  }
  return value;
}

// Code points: ASCII, Latin-1, a combining mark, a BMP ideograph and astral emoji.
const ALPHABET = ['a', 'b', 'c', 'x', ' ', 'é', '\u0301', '中', '😀', '👻', '\u{1D11E}'];
const KEYS = ['a', 'b', 'c', 'd', 'x', 'y'];

function randomText(maxCodePoints) {
  const length = randomInt(maxCodePoints + 1);
  let text = '';
  for (let i = 0; i < length; i++) text += pick(ALPHABET);
  return text;
}

function randomValue(depth) {
  const roll = random();
  if (depth <= 0 || roll < 0.6) {
    const leaf = random();
    if (leaf < 0.5) return randomText(3);
    if (leaf < 0.8) return randomInt(20) - 5;
    if (leaf < 0.9) return pick([true, false, null]);
    return 0.5 * (randomInt(9) - 4);
  }
  if (roll < 0.82) {
    const list = [];
    const length = randomInt(3);
    for (let i = 0; i < length; i++) list.push(randomValue(depth - 1));
    return list;
  }
  const object = {};
  const size = randomInt(3);
  for (let i = 0; i < size; i++) object[pick(KEYS)] = randomValue(depth - 1);
  return object;
}

// Values that ops insert: mostly leaves, to keep the vector file small.
const insertedValue = () => randomValue(random() < 0.25 ? 1 : 0);

function randomDocument() {
  const doc = {};
  const size = 1 + randomInt(3);
  for (let i = 0; i < size; i++) doc[pick(KEYS)] = randomValue(2);
  return doc;
}

// Lists every path in doc with the value there, the root included.
function allPaths(doc) {
  const result = [];
  const walk = (value, p) => {
    result.push({ p, value });
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, p.concat([i])));
    else if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) walk(value[key], p.concat([key]));
    }
  };
  walk(doc, []);
  return result;
}

const valueAt = (doc, p) => p.reduce((node, key) => node[key], doc);

// UTF-16 offsets of the code point boundaries of text.
function boundaries(text) {
  const offsets = [0];
  let offset = 0;
  for (const ch of text) {
    offset += ch.length;
    offsets.push(offset);
  }
  return offsets;
}

// Whether the ops of the current case edit strings with embedded text-unicode ops instead of si
// and sd. One case never mixes both, because ot-json0 does not transform si and sd against
// embedded ops on the same string, so such pairs diverge or corrupt the document in the reference.
let embeddedTextMode = false;

// Makes one component valid on doc, or null when the chosen path offers nothing to do.
function randomComponent(doc) {
  if (random() < 0.02) return { p: [], od: clone(doc), oi: randomDocument() };
  const { p, value } = pick(allPaths(doc));
  const choices = [];
  if (typeof value === 'number') choices.push('na');
  if (typeof value === 'string') {
    if (embeddedTextMode) choices.push('text-unicode', 'text-unicode');
    else choices.push('si', 'sd');
  }
  if (Array.isArray(value)) choices.push('li-into');
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) choices.push('oi-into');
  if (p.length > 0) {
    const parent = valueAt(doc, p.slice(0, -1));
    if (Array.isArray(parent)) choices.push('li', 'ld', 'ld', 'replace-l', 'lm', 'lm', 'lm');
    else choices.push('od', 'replace-o');
  }
  if (choices.length === 0) return null;
  const parentPath = p.slice(0, -1);
  switch (pick(choices)) {
    case 'na': return { p, na: pick([1, -2, 5, 0.5]) };
    case 'si': {
      const offset = pick(boundaries(value));
      return { p: p.concat([offset]), si: randomText(3) || 'a' };
    }
    case 'sd': {
      if (value.length === 0) return null;
      const cuts = boundaries(value);
      const start = randomInt(cuts.length - 1);
      const end = start + 1 + randomInt(Math.min(3, cuts.length - 1 - start));
      return { p: p.concat([cuts[start]]), sd: value.slice(cuts[start], cuts[end]) };
    }
    case 'text-unicode': {
      const length = Array.from(value).length;
      const skip = randomInt(length + 1);
      const o = skip > 0 ? [skip] : [];
      if (skip < length && random() < 0.5) o.push({ d: 1 + randomInt(Math.min(2, length - skip)) });
      else o.push(randomText(2) || 'z');
      return { p, t: 'text-unicode', o };
    }
    case 'li-into': return { p: p.concat([randomInt(value.length + 1)]), li: insertedValue() };
    case 'oi-into': {
      const free = KEYS.filter((key) => !(key in value));
      if (free.length === 0) return null;
      return { p: p.concat([pick(free)]), oi: insertedValue() };
    }
    case 'li': return { p, li: insertedValue() };
    case 'ld': return { p, ld: clone(value) };
    case 'replace-l': return { p, ld: clone(value), li: insertedValue() };
    case 'lm': {
      const parent = valueAt(doc, parentPath);
      return { p, lm: randomInt(parent.length) };
    }
    case 'od': return { p, od: clone(value) };
    case 'replace-o': return { p, od: clone(value), oi: insertedValue() };
    default: throw Error('generator bug: unknown choice');
  }
}

// Makes an op of 1 to 3 components (mostly 1 or 2, to keep the file small), each valid on the document the previous ones leave.
function randomOp(doc) {
  const op = [];
  let current = clone(doc);
  const size = random() < 0.15 ? 3 : 1 + randomInt(2);
  for (let attempt = 0; attempt < 20 && op.length < size; attempt++) {
    const c = randomComponent(current);
    if (c === null) continue;
    current = json0.apply(clone(current), [clone(c)]);
    op.push(c);
  }
  if (!strictlyValid(doc, op)) throw Error('generator bug: op is not strictly valid');
  return op;
}

const hasEmbedded = (op) => op.some((c) => c.t !== undefined);

// Reports whether op passes the checks the Java type makes before it applies a component.
// The path must exist and deleted values and text must match. Indexes must be in range, oi
// needs od on an existing key, and string offsets must fall between whole characters.
function strictlyValid(doc, op) {
  let current = clone(doc);
  for (const c of op) {
    if (!componentFits(current, c)) return false;
    try {
      current = json0.apply(clone(current), [clone(c)]);
    } catch (e) {
      return false;
    }
  }
  return true;
}

function componentFits(doc, c) {
  const p = c.p;
  const splitsPair = (text, offset) => offset > 0 && offset < text.length
    && /[\uD800-\uDBFF]/.test(text[offset - 1]) && /[\uDC00-\uDFFF]/.test(text[offset]);

  if (p.length === 0) {
    if (c.oi !== undefined || c.od !== undefined) return c.oi !== undefined && c.od !== undefined && equal(doc, c.od);
    if (c.na !== undefined) return typeof doc === 'number';
    return c.t !== undefined;
  }
  if (c.na !== undefined || c.t !== undefined) {
    const found = lookup(doc, p);
    return found !== undefined && (c.na === undefined || typeof found.value === 'number');
  }

  const parent = lookup(doc, p.slice(0, -1));
  if (parent === undefined) return false;
  const container = parent.value;
  const last = p[p.length - 1];
  if (c.si !== undefined || c.sd !== undefined) {
    if (typeof container !== 'string' || last > container.length || splitsPair(container, last)) return false;
    if (c.sd === undefined) return true;
    return container.startsWith(c.sd, last) && !splitsPair(container, last + c.sd.length);
  }
  if (c.li !== undefined || c.ld !== undefined || c.lm !== undefined) {
    if (!Array.isArray(container) || typeof last !== 'number') return false;
    if (c.lm !== undefined) return last < container.length && c.lm < container.length;
    if (c.ld !== undefined) return last < container.length && equal(container[last], c.ld);
    return last <= container.length;
  }
  if (container === null || typeof container !== 'object' || Array.isArray(container)) return false;
  if (c.od !== undefined) return exists(container, last) && equal(container[last], c.od);
  return !exists(container, last);
}

// Returns {value} for the value at path p, or undefined when that path does not exist.
function lookup(doc, p) {
  let node = doc;
  for (const key of p) {
    if (!exists(node, key)) return undefined;
    node = node[key];
  }
  return { value: node };
}

function exists(node, key) {
  if (Array.isArray(node)) return typeof key === 'number' && key < node.length;
  return node !== null && typeof node === 'object' && typeof key === 'string'
    && Object.prototype.hasOwnProperty.call(node, key);
}

// Applies op when it is strictly valid on doc; returns null otherwise.
function applyIfValid(doc, op) {
  return strictlyValid(doc, op) ? json0.apply(clone(doc), clone(op)) : null;
}

function makeCase(index) {
  embeddedTextMode = random() < 0.25;
  const doc = randomDocument();
  const opA = randomOp(doc);
  const opB = randomOp(doc);
  const applyA = json0.apply(clone(doc), clone(opA));
  const applyB = json0.apply(clone(doc), clone(opB));
  const left = json0.transform(clone(opA), clone(opB), 'left');
  const bRight = json0.transform(clone(opB), clone(opA), 'right');
  const afterBA = applyIfValid(applyB, left);
  const afterAB = applyIfValid(applyA, bRight);
  const opC = randomOp(applyA);
  return {
    doc,
    opA,
    opB,
    applyA,
    applyB,
    left,
    bRight,
    afterBA,
    afterAB,
    converges: afterBA !== null && afterAB !== null && equal(afterBA, afterAB),
    opC,
    compose: json0.compose(clone(opA), clone(opC)),
    normalized: index % 4 === 0 ? json0.normalize(clone(opA).concat(clone(opC))) : null,
    invert: hasEmbedded(opA) ? null : json0.invert(clone(opA)),
  };
}

// The reference itself throws on some pairs, such as a delete carrying a string that an embedded
// text-unicode op of the other side no longer fits after an earlier component moved it. Such
// pairs are skipped and counted; the attempt limit keeps the loop bounded.
const lines = [];
let skipped = 0;
for (let attempt = 0; lines.length < count && attempt < count * 2; attempt++) {
  try {
    lines.push(JSON.stringify(makeCase(lines.length)));
  } catch (e) {
    if (e.message.startsWith('generator bug')) throw e;
    skipped++;
  }
}
if (lines.length < count) {
  console.error(`the reference threw on too many cases: ${skipped} skipped`);
  process.exit(1);
}
fs.writeFileSync(outFile, '[\n' + lines.join(',\n') + '\n]\n');
console.error(`wrote ${count} cases with seed ${seed} to ${outFile}; skipped ${skipped} where the reference threw`);
