#!/usr/bin/env node
// Generates differential test vectors for the Java text-unicode type from the npm reference
// ot-text-unicode (the version pinned in package.json).
//
// Usage, from the repository root after `npm ci`:
//   node scripts/vectors/text-unicode.js [seed] [count] [outFile]
// Defaults: seed 1, count 10000, outFile src/test/resources/vectors/text-unicode.json.
// The committed file comes from the defaults. A fresh-seed check writes elsewhere and replays it:
//   node scripts/vectors/text-unicode.js "$RANDOM" 10000 /tmp/text-unicode.json
//   mvn -o -q test -Dtest='TextUnicodeDifferentialTest' -Dtandem.vectors.file=/tmp/text-unicode.json
//
// Each case holds a document, ops valid on it and the reference results:
//   doc, opA, opB       opA and opB both made on doc
//   applyA              apply(doc, opA)
//   left, right         transform(opA, opB, 'left') and transform(opA, opB, 'right')
//   opC, compose        opC made on applyA, and compose(opA, opC)
//   messy, normalized   opA with zero, split and trailing components added, and normalize(messy)
// No generated skip or delete runs past the end of its document, and every delete given as
// text matches the document, because the Java type rejects both.

'use strict';

const fs = require('fs');
const path = require('path');
const { type } = require('ot-text-unicode');

const seed = parseInt(process.argv[2] || '1', 10);
const count = parseInt(process.argv[3] || '10000', 10);
const outFile = process.argv[4]
  || path.join(__dirname, '..', '..', 'src', 'test', 'resources', 'vectors', 'text-unicode.json');

if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('invalid arguments: seed must be an integer and count an integer of at least 1');
  console.error('usage: node scripts/vectors/text-unicode.js [seed] [count] [outFile]');
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

// Code points: ASCII, Latin-1, combining marks, BMP CJK and astral emoji, including a ZWJ.
const ALPHABET = [
  'a', 'b', 'c', 'x', 'y', ' ', '\n', 'é', 'ß',
  '\u0301', '\u0308', '\u20dd',
  '中', '文',
  '😀', '👻', '💃', '🤟', '\u{1F9D1}', '\u200d', '\u{1D11E}',
];

function randomText(maxCodePoints) {
  const length = 1 + randomInt(maxCodePoints);
  let text = '';
  for (let i = 0; i < length; i++) text += pick(ALPHABET);
  return text;
}

// Splits a string into an array of code points.
const codePoints = (s) => Array.from(s);

// Makes a random op that is valid on doc. Adjacent inserts and deletes are sometimes kept apart,
// because transform treats two adjacent inserts differently from one merged insert.
function randomOp(doc) {
  const chars = codePoints(doc);
  const op = [];
  let pos = 0;
  const pushSkip = (n) => {
    if (n <= 0) return;
    pos += n;
    if (typeof op[op.length - 1] === 'number') op[op.length - 1] += n;
    else op.push(n);
  };
  const steps = 1 + randomInt(4);
  for (let step = 0; step < steps; step++) {
    pushSkip(randomInt(Math.min(chars.length - pos, 4) + 1));
    const remaining = chars.length - pos;
    if (remaining > 0 && random() < 0.5) {
      const length = 1 + randomInt(Math.min(remaining, 5));
      const deleted = chars.slice(pos, pos + length).join('');
      op.push({ d: random() < 0.5 ? length : deleted });
      pos += length;
    } else {
      op.push(randomText(4));
    }
    if (random() < 0.2) {
      // A second component of the same kind right after the first.
      const again = chars.length - pos;
      if (again > 0 && typeof op[op.length - 1] === 'object') {
        const length = 1 + randomInt(Math.min(again, 3));
        op.push({ d: random() < 0.5 ? length : chars.slice(pos, pos + length).join('') });
        pos += length;
      } else if (typeof op[op.length - 1] === 'string') {
        op.push(randomText(2));
      }
    }
  }
  // Recount from scratch as a guard against generator bugs.
  pos = 0;
  for (const c of op) {
    if (typeof c === 'number') pos += c;
    else if (typeof c === 'object') pos += typeof c.d === 'number' ? c.d : codePoints(c.d).length;
  }
  if (pos > chars.length) throw Error('generator bug: op runs past the end of the document');
  if (typeof op[op.length - 1] === 'number') op.pop();
  type.checkOp(op);
  return op;
}

// Adds components that normalize removes or merges: zero skips, split skips, empty inserts,
// empty deletes and a trailing skip.
function messUp(op) {
  const messy = [];
  for (const c of op) {
    if (random() < 0.2) messy.push(pick([0, '', { d: 0 }, { d: '' }]));
    if (typeof c === 'number' && c > 1 && random() < 0.4) {
      const first = 1 + randomInt(c - 1);
      messy.push(first, c - first);
    } else {
      messy.push(clone(c));
    }
  }
  if (random() < 0.4) messy.push(1 + randomInt(3));
  return messy;
}

// The reference mutates delete objects inside ops it normalizes, so every call gets a copy.
const clone = (value) => JSON.parse(JSON.stringify(value));

function makeCase() {
  const doc = random() < 0.1 ? '' : randomText(10);
  const opA = randomOp(doc);
  const opB = randomOp(doc);
  const applyA = type.apply(doc, clone(opA));
  const opC = randomOp(applyA);
  const messy = messUp(opA);
  return {
    doc,
    opA,
    opB,
    applyA,
    left: type.transform(clone(opA), clone(opB), 'left'),
    right: type.transform(clone(opA), clone(opB), 'right'),
    opC,
    compose: type.compose(clone(opA), clone(opC)),
    messy,
    normalized: type.normalize(clone(messy)),
  };
}

const lines = [];
for (let i = 0; i < count; i++) lines.push(JSON.stringify(makeCase()));
fs.writeFileSync(outFile, '[\n' + lines.join(',\n') + '\n]\n');
console.error(`wrote ${count} cases with seed ${seed} to ${outFile}`);
