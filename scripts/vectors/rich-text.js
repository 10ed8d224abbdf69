#!/usr/bin/env node
// Generates differential test vectors for the Java rich-text type from the npm reference rich-text
// and quill-delta (the versions pinned in package.json).
//
// Usage, from the repository root after `npm ci`:
//   node scripts/vectors/rich-text.js [seed] [count] [outFile]
// Defaults: seed 1, count 10000, outFile src/test/resources/vectors/rich-text.json.
// The committed file comes from the defaults. A fresh-seed check writes elsewhere and replays it:
//   node scripts/vectors/rich-text.js "$RANDOM" 10000 /tmp/rich-text.json
//   mvn -o -q test -Dtest='RichTextDifferentialTest' -Dtandem.vectors.file.rich-text=/tmp/rich-text.json
//
// rich-text 4.1.0 depends on quill-delta ^4.2.1, so its type runs on a nested quill-delta 4.2.2.
// Every result is therefore computed a second time with quill-delta 5.1.0 directly, and the script
// stops if the two disagree.
//
// Each case holds a document, ops valid on it and the reference results. Inputs are Deltas
// {"ops": [...]} or sometimes bare lists. Results are stored as the list of components:
//   doc, opA, opB         opA and opB both made on doc
//   applyA                apply(doc, opA without null or empty attributes on its inserts), see below
//   left, right           transform(opA, opB, 'left') and transform(opA, opB, 'right')
//   opC, compose          opC made on applyA, and compose(opA, opC)
//   invertA               new Delta(opA).invert(doc)
//   normalizedA           opA pushed through Delta's insert/retain/delete, then chopped,
//                         absent when that equals opA
//   range, presenceOwn, presenceOther
//                         a range {index, length} on doc, and transformPresence(range, opA, true)
//                         and (range, opA, false) as [index, length] pairs
// The Java type rejects a retain or delete past the end of the document and any boundary inside a
// surrogate pair, so no generated op has either. The reference apply would store null attributes
// of inserted text in the snapshot. The Java type drops them, and empty attribute objects of
// inserted text too, so applyA is the reference apply of opA with both removed.

'use strict';

const fs = require('fs');
const path = require('path');
const assert = require('assert');
const { type, Delta: Delta4 } = require('rich-text');
const Delta5 = require('quill-delta');

const seed = parseInt(process.argv[2] || '1', 10);
const count = parseInt(process.argv[3] || '10000', 10);
const outFile = process.argv[4]
  || path.join(__dirname, '..', '..', 'src', 'test', 'resources', 'vectors', 'rich-text.json');

if (!Number.isInteger(seed) || !Number.isInteger(count) || count < 1) {
  console.error('invalid arguments: seed must be an integer and count an integer of at least 1');
  console.error('usage: node scripts/vectors/rich-text.js [seed] [count] [outFile]');
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

// Code points: ASCII, newlines, Latin-1, a combining mark, CJK and astral emoji.
const ALPHABET = ['a', 'b', 'x', ' ', '\n', 'é', '\u0301', '中', '😀', '👻', '\u{1D11E}'];

const EMBEDS = [{ image: 'a.png' }, { image: 'b.png' }, { formula: 'e=mc^2' }, { video: { id: 7 } }];

// Attribute values. Null is added only where an op may remove formatting.
const ATTRIBUTE_VALUES = {
  bold: [true],
  italic: [true],
  color: ['#e00', '#06c'],
  header: [1, 2],
  list: ['ordered', 'bullet'],
  mention: [{ id: 1 }, { id: 2 }],
};
const ATTRIBUTE_KEYS = Object.keys(ATTRIBUTE_VALUES);

function randomAttributes(allowNull) {
  // An empty object is valid and the reference keeps it in some results, so it is drawn rarely.
  if (allowNull && random() < 0.02) return {};
  if (random() < 0.55) return undefined;
  const attributes = {};
  const keys = random() < 0.7 ? 1 : 2;
  for (let i = 0; i < keys; i++) {
    const key = pick(ATTRIBUTE_KEYS);
    attributes[key] = allowNull && random() < 0.3 ? null : clone(pick(ATTRIBUTE_VALUES[key]));
  }
  return attributes;
}

function randomText(maxCodePoints) {
  const length = 1 + randomInt(maxCodePoints);
  let text = '';
  for (let i = 0; i < length; i++) text += pick(ALPHABET);
  return text;
}

function randomDocument() {
  const doc = new Delta5();
  if (random() < 0.05) return doc;
  const segments = 1 + randomInt(2);
  for (let i = 0; i < segments; i++) {
    if (random() < 0.2) doc.insert(clone(pick(EMBEDS)), randomAttributes(false));
    else doc.insert(randomText(3), randomAttributes(false));
  }
  doc.insert('\n', randomAttributes(false));
  return random() < 0.1 ? splitFirstText(doc) : doc;
}

// Splits the first text insert in two at a code point boundary, a non-canonical document that the
// reference's create keeps as given.
function splitFirstText(doc) {
  const ops = [];
  let done = false;
  for (const op of doc.ops) {
    const codePoints = typeof op.insert === 'string' ? Array.from(op.insert) : [];
    if (!done && codePoints.length > 1) {
      const at = 1 + randomInt(codePoints.length - 1);
      ops.push({ ...op, insert: codePoints.slice(0, at).join('') }, { ...op, insert: codePoints.slice(at).join('') });
      done = true;
    } else {
      ops.push(op);
    }
  }
  return new Delta5(ops);
}

// The document as one string of UTF-16 code units, an embed counted as one placeholder unit.
function flatten(doc) {
  return doc.ops.map((op) => (typeof op.insert === 'string' ? op.insert : '\ufffc')).join('');
}

const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;

// Moves a position off the middle of a surrogate pair.
function boundary(flat, position) {
  if (position > 0 && position < flat.length
      && isHigh(flat.charCodeAt(position - 1)) && isLow(flat.charCodeAt(position))) {
    return position + 1;
  }
  return position;
}

// Makes a random op valid on doc, as a raw list: neighbours of one kind are sometimes left unmerged,
// and an op may end with a retain, because the Java type must accept what the reference accepts.
function randomOp(doc) {
  const flat = flatten(doc);
  const ops = [];
  let position = 0;
  const steps = 1 + randomInt(3);
  for (let step = 0; step < steps; step++) {
    const remaining = flat.length - position;
    const choice = random();
    if (remaining > 0 && choice < 0.35) {
      const end = boundary(flat, position + 1 + randomInt(Math.min(remaining, 4)));
      const attributes = random() < 0.5 ? randomAttributes(true) : undefined;
      ops.push(attributes ? { retain: end - position, attributes } : { retain: end - position });
      position = end;
    } else if (remaining > 0 && choice < 0.6) {
      const end = boundary(flat, position + 1 + randomInt(Math.min(remaining, 4)));
      ops.push({ delete: end - position });
      position = end;
    } else {
      const insert = random() < 0.2 ? clone(pick(EMBEDS)) : randomText(2);
      const attributes = randomAttributes(true);
      ops.push(attributes ? { insert, attributes } : { insert });
    }
  }
  if (position > flat.length) throw Error('generator bug: op runs past the end of the document');
  return random() < 0.5 ? ops : pushAll(new Delta5(), ops).chop().ops;
}

// Pushes each component through Delta's insert, retain and delete methods.
function pushAll(delta, ops) {
  for (const op of clone(ops)) {
    if (op.insert !== undefined) delta.insert(op.insert, op.attributes);
    else if (op.retain !== undefined) delta.retain(op.retain, op.attributes);
    else delta.delete(op.delete);
  }
  return delta;
}

function withoutNullInsertAttributes(ops) {
  return ops.map((op) => {
    if (op.insert === undefined || !op.attributes) return op;
    const attributes = {};
    for (const key of Object.keys(op.attributes)) {
      if (op.attributes[key] !== null) attributes[key] = op.attributes[key];
    }
    const copy = { insert: op.insert };
    if (Object.keys(attributes).length > 0) copy.attributes = attributes;
    return copy;
  });
}

function randomRange(doc) {
  const flat = flatten(doc);
  const start = boundary(flat, randomInt(flat.length + 1));
  const end = boundary(flat, start + randomInt(flat.length - start + 1));
  return { index: start, length: end - start };
}

// Inputs come as a Delta object or, less often, as a bare list, which the reference also accepts.
const wrap = (ops) => (random() < 0.8 ? { ops } : ops);

// A transformed range as [index, length], which keeps the file small.
const asPair = (range) => [range.index, range.length];

// Plain JSON of a Delta or an op list, for comparing and writing.
const json = (value) => clone(value.ops !== undefined ? value.ops : value);

function same(label, fromRichText, fromDelta5) {
  assert.deepStrictEqual(json(fromRichText), json(fromDelta5),
    `${label}: rich-text over quill-delta 4.2.2 and quill-delta 5.1.0 disagree`);
  return json(fromRichText);
}

function makeCase() {
  const doc = randomDocument().ops;
  const opA = randomOp(new Delta5(doc));
  const opB = randomOp(new Delta5(doc));
  const strippedA = withoutNullInsertAttributes(opA);
  const applyA = same('apply',
    type.apply({ ops: clone(doc) }, { ops: clone(strippedA) }),
    new Delta5(clone(doc)).compose(new Delta5(clone(strippedA))));
  const opC = randomOp(new Delta5(applyA));
  const range = randomRange(new Delta5(doc));
  const normalized = same('normalize', pushAll(new Delta4(), opA).chop(), pushAll(new Delta5(), opA).chop());
  // Omitted when equal to opA, which keeps the file small.
  const normalizedA = JSON.stringify(normalized) === JSON.stringify(opA) ? undefined : normalized;
  return {
    doc: wrap(doc),
    opA: wrap(opA),
    opB: wrap(opB),
    applyA,
    left: same('transform left',
      type.transform({ ops: clone(opA) }, { ops: clone(opB) }, 'left'),
      new Delta5(clone(opB)).transform(new Delta5(clone(opA)), true)),
    right: same('transform right',
      type.transform({ ops: clone(opA) }, { ops: clone(opB) }, 'right'),
      new Delta5(clone(opB)).transform(new Delta5(clone(opA)), false)),
    opC: wrap(opC),
    compose: same('compose',
      type.compose({ ops: clone(opA) }, { ops: clone(opC) }),
      new Delta5(clone(opA)).compose(new Delta5(clone(opC)))),
    invertA: same('invert',
      new Delta4(clone(opA)).invert(new Delta4(clone(doc))),
      new Delta5(clone(opA)).invert(new Delta5(clone(doc)))),
    normalizedA,
    range,
    presenceOwn: asPair(type.transformPresence(clone(range), { ops: clone(opA) }, true)),
    presenceOther: asPair(type.transformPresence(clone(range), { ops: clone(opA) }, false)),
  };
}

const lines = [];
for (let i = 0; i < count; i++) lines.push(JSON.stringify(makeCase()));
fs.writeFileSync(outFile, '[\n' + lines.join(',\n') + '\n]\n');
console.error(`wrote ${count} cases with seed ${seed} to ${outFile}`);
