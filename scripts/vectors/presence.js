#!/usr/bin/env node
// Generates differential test vectors for the presence transforms of the Java text-unicode and
// json0 types from src/main/resources/webroot/tandem-types.js, the module that adds
// transformPresence to the npm types for the sharedb client. Ops are made with the npm reference
// types (the versions pinned in package.json), so every op is valid on its document.
//
// Usage, from the repository root after `npm ci`:
//   node scripts/vectors/presence.js [seed] [count] [outFile]
// Defaults: seed 1, count 4000, outFile src/test/resources/vectors/presence.json.
// The committed file comes from the defaults. A fresh-seed check writes elsewhere and replays it:
//   node scripts/vectors/presence.js "$RANDOM" 4000 /tmp/presence.json
//   mvn -o -q test -Dtest='PresenceDifferentialTest' -Dtandem.vectors.file.presence=/tmp/presence.json
// scripts/vectors/live-check does both for every generator in this folder.
//
// Each case holds:
//   type       "text-unicode" or "json0"
//   doc, op    a document and an op made on it
//   presence   a presence on doc: {index, length} in code points for text-unicode, {p, index,
//              length} with an optional UTF-16 range for json0, sometimes with another key, or null
//   own        isOwnOp
//   result     transformPresence(presence, op, own) from tandem-types.js

'use strict';

const fs = require('fs');
const path = require('path');
const json0 = require('ot-json0').type;
const textUnicode = require('ot-text-unicode').type;
const TandemTypes = require('../../src/main/resources/webroot/tandem-types.js');

json0.registerSubtype(textUnicode);
const types = TandemTypes.types({ textUnicode, json0 });

const seed = parseInt(process.argv[2] || '1', 10);
const count = parseInt(process.argv[3] || '4000', 10);
const outFile = process.argv[4]
  || path.join(__dirname, '..', '..', 'src', 'test', 'resources', 'vectors', 'presence.json');

if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('invalid arguments: seed must be an integer and count an integer of at least 1');
  console.error('usage: node scripts/vectors/presence.js [seed] [count] [outFile]');
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

// Code points: ASCII, Latin-1, a combining mark, a BMP ideograph and astral emoji.
const ALPHABET = ['a', 'b', 'x', ' ', 'é', '\u0301', '中', '😀', '👻', '\u{1D11E}'];
const KEYS = ['a', 'b', 'c', 'x'];

function randomText(minCodePoints, maxCodePoints) {
  const length = minCodePoints + randomInt(maxCodePoints - minCodePoints + 1);
  let text = '';
  for (let i = 0; i < length; i++) text += pick(ALPHABET);
  return text;
}

// Another key next to the range, which the transforms must keep.
function maybeExtraKey(presence) {
  if (random() < 0.15) presence.color = pick(['red', 'blue']);
  return presence;
}

// ---- text-unicode ----

// Makes a random op that is valid on doc, with one to four edits, sometimes two of a kind in a row.
function randomTextOp(doc) {
  const chars = Array.from(doc);
  const op = [];
  let pos = 0;
  const steps = 1 + randomInt(4);
  for (let step = 0; step < steps; step++) {
    const skip = randomInt(Math.min(chars.length - pos, 4) + 1);
    if (skip > 0) {
      if (typeof op[op.length - 1] === 'number') op[op.length - 1] += skip;
      else op.push(skip);
      pos += skip;
    }
    const remaining = chars.length - pos;
    if (remaining > 0 && random() < 0.5) {
      const length = 1 + randomInt(Math.min(remaining, 4));
      op.push({ d: random() < 0.5 ? length : chars.slice(pos, pos + length).join('') });
      pos += length;
    } else {
      op.push(randomText(1, 3));
    }
  }
  if (typeof op[op.length - 1] === 'number') op.pop();
  textUnicode.checkOp(op);
  return op;
}

function textUnicodeCase() {
  const doc = random() < 0.1 ? '' : randomText(1, 10);
  const op = randomTextOp(doc);
  const size = Array.from(doc).length;
  let presence = null;
  if (random() >= 0.03) {
    const index = randomInt(size + 1);
    const length = random() < 0.4 ? 0 : randomInt(size - index + 1);
    presence = maybeExtraKey({ index, length });
  }
  const own = random() < 0.5;
  return {
    type: 'text-unicode',
    doc,
    op,
    presence,
    own,
    result: types.textUnicode.transformPresence(clone(presence), clone(op), own),
  };
}

// ---- json0 ----

function randomValue(depth) {
  const roll = random();
  if (depth <= 0 || roll < 0.5) {
    const leaf = random();
    if (leaf < 0.6) return randomText(0, 5);
    if (leaf < 0.9) return randomInt(10);
    return pick([true, null]);
  }
  if (roll < 0.8) {
    const list = [];
    const length = randomInt(4);
    for (let i = 0; i < length; i++) list.push(randomValue(depth - 1));
    return list;
  }
  const object = {};
  const size = randomInt(3);
  for (let i = 0; i < size; i++) object[pick(KEYS)] = randomValue(depth - 1);
  return object;
}

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

// Makes one component valid on doc, or null when the chosen path offers nothing to do.
function randomComponent(doc) {
  if (random() < 0.02) return { p: [], od: clone(doc), oi: randomDocument() };
  const { p, value } = pick(allPaths(doc));
  const choices = [];
  if (typeof value === 'number') choices.push('na');
  if (typeof value === 'string') choices.push('si', 'si', 'sd', 'sd', 'text-unicode');
  if (Array.isArray(value)) choices.push('li-into');
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) choices.push('oi-into');
  if (p.length > 0) {
    const parent = valueAt(doc, p.slice(0, -1));
    if (Array.isArray(parent)) choices.push('li', 'ld', 'replace-l', 'lm', 'lm');
    else choices.push('od', 'replace-o');
  }
  if (choices.length === 0) return null;
  switch (pick(choices)) {
    case 'na': return { p, na: pick([1, -2]) };
    case 'si': return { p: p.concat([pick(boundaries(value))]), si: randomText(1, 3) };
    case 'sd': {
      if (value.length === 0) return null;
      const cuts = boundaries(value);
      const start = randomInt(cuts.length - 1);
      const end = start + 1 + randomInt(Math.min(3, cuts.length - 1 - start));
      return { p: p.concat([cuts[start]]), sd: value.slice(cuts[start], cuts[end]) };
    }
    case 'text-unicode': {
      const skip = randomInt(Array.from(value).length + 1);
      return { p, t: 'text-unicode', o: skip > 0 ? [skip, 'z'] : ['z'] };
    }
    case 'li-into': return { p: p.concat([randomInt(value.length + 1)]), li: randomValue(0) };
    case 'oi-into': {
      const free = KEYS.filter((key) => !(key in value));
      if (free.length === 0) return null;
      return { p: p.concat([pick(free)]), oi: randomValue(0) };
    }
    case 'li': return { p, li: randomValue(0) };
    case 'ld': return { p, ld: clone(value) };
    case 'replace-l': return { p, ld: clone(value), li: randomValue(0) };
    case 'lm': return { p, lm: randomInt(valueAt(doc, p.slice(0, -1)).length) };
    case 'od': return { p, od: clone(value) };
    case 'replace-o': return { p, od: clone(value), oi: randomValue(0) };
    default: throw Error('generator bug: unknown choice');
  }
}

// Makes an op of up to 3 components, each valid on the document the previous ones leave.
function randomJsonOp(doc) {
  const op = [];
  let current = clone(doc);
  const size = 1 + randomInt(3);
  for (let attempt = 0; attempt < 20 && op.length < size; attempt++) {
    const c = randomComponent(current);
    if (c === null) continue;
    current = json0.apply(clone(current), [clone(c)]);
    op.push(c);
  }
  return op;
}

// A presence on a value of doc, mostly a string one with a range, sometimes with only an index.
function randomJsonPresence(doc, op) {
  const paths = allPaths(doc);
  const strings = paths.filter(({ value }) => typeof value === 'string');
  // When the op edits a string with si or sd, half of the presences aim at it, so the range moves.
  const edited = op.filter((c) => c.si !== undefined || c.sd !== undefined)
    .map((c) => c.p.slice(0, -1))
    .filter((p) => strings.some((s) => JSON.stringify(s.p) === JSON.stringify(p)));
  let target;
  if (edited.length > 0 && random() < 0.5) {
    const p = pick(edited);
    target = { p, value: valueAt(doc, p) };
  } else if (strings.length > 0 && random() < 0.6) target = pick(strings);
  else target = pick(paths);
  const presence = { p: clone(target.p) };
  if (typeof target.value === 'string' && random() < 0.85) {
    presence.index = randomInt(target.value.length + 1);
    if (random() < 0.9) presence.length = randomInt(target.value.length - presence.index + 1);
  }
  return maybeExtraKey(presence);
}

function json0Case() {
  const doc = randomDocument();
  const op = randomJsonOp(doc);
  const presence = random() < 0.03 ? null : randomJsonPresence(doc, op);
  const own = random() < 0.5;
  return {
    type: 'json0',
    doc,
    op,
    presence,
    own,
    result: types.json0.transformPresence(clone(presence), clone(op), own),
  };
}

const lines = [];
for (let i = 0; i < count; i++) lines.push(JSON.stringify(i % 2 === 0 ? textUnicodeCase() : json0Case()));
fs.writeFileSync(outFile, '[\n' + lines.join(',\n') + '\n]\n');
console.error(`wrote ${count} cases with seed ${seed} to ${outFile}`);
