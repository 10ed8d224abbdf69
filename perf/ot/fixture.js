'use strict';
// Writes the benchmark fixture that the Java and Node benchmarks both read: the documents and ops
// of every case, made from a fixed seed so that every run measures the same work.
// Usage: node fixture.js OUT.json

const fs = require('fs');
const path = require('path');
const nodeModules = path.join(__dirname, '..', '..', 'node_modules');
const Delta = require(path.join(nodeModules, 'quill-delta'));
const textUnicode = require(path.join(nodeModules, 'ot-text-unicode')).type;
const json0 = require(path.join(nodeModules, 'ot-json0')).type;
const richText = require(path.join(nodeModules, 'rich-text')).type;

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261204);
const pick = (items) => items[Math.floor(random() * items.length)];
const between = (low, high) => low + Math.floor(random() * (high - low + 1));

const WORDS = ('the of and to in is that for it as was with be by on not he this are or his from at'
  + ' which but have an they you were her she there been one all we their has would when if so no'
  + ' document editor server change version client network cursor paragraph operation history'
  + ' transform snapshot conflict merge offline latency replica journal presence review draft'
  + ' café naïve résumé façade über garçon Zürich 東京 データ 🙂 🚀').split(' ');

function sentence() {
  const words = [];
  const count = between(6, 18);
  for (let i = 0; i < count; i++) {
    words.push(pick(WORDS));
  }
  const text = words.join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
}

function paragraph() {
  const sentences = [];
  const count = between(3, 7);
  for (let i = 0; i < count; i++) {
    sentences.push(sentence());
  }
  return sentences.join(' ');
}

// Rich text: about 150,000 UTF-16 units of prose, with headers, bold and italic runs, bullet lists
// and a few image embeds. One paragraph in the middle is kept free of bold, so that bolding it and
// then removing the bold gives the document back.
const RICH_TARGET = 150000;
const rich = new Delta();
let richLength = 0;
let paragraphs = 0;
let plainParagraphStart = -1;
let plainParagraphLength = 0;
while (richLength < RICH_TARGET) {
  if (paragraphs % 12 === 0) {
    const heading = sentence().slice(0, -1);
    rich.insert(heading).insert('\n', { header: paragraphs % 36 === 0 ? 1 : 2 });
    richLength += heading.length + 1;
  }
  if (paragraphs % 40 === 17) {
    rich.insert({ image: 'https://example.com/figure-' + paragraphs + '.png' }).insert('\n');
    richLength += 2;
  }
  const keepPlain = plainParagraphStart < 0 && richLength >= RICH_TARGET / 2;
  const inList = !keepPlain && paragraphs % 9 >= 6;
  const text = inList ? sentence() : paragraph();
  if (keepPlain) {
    plainParagraphStart = richLength;
    plainParagraphLength = text.length;
  }
  let offset = 0;
  while (offset < text.length) {
    let end = Math.min(text.length, offset + between(20, 200));
    while (end < text.length && text[end] !== ' ') {
      end++;
    }
    const run = text.slice(offset, end);
    const roll = random();
    if (!keepPlain && roll < 0.1) {
      rich.insert(run, { bold: true });
    } else if (roll < 0.2) {
      rich.insert(run, { italic: true });
    } else {
      rich.insert(run);
    }
    offset = end;
  }
  rich.insert('\n', inList ? { list: 'bullet' } : undefined);
  richLength += text.length + 1;
  paragraphs++;
}
const richDoc = { ops: rich.ops };

// Plain text for text-unicode: the same kind of prose, about 150,000 code points.
const plainParts = [];
let plainLength = 0;
while (plainLength < 150000) {
  const text = paragraph() + '\n';
  plainParts.push(text);
  plainLength += Array.from(text).length;
}
const plainDoc = plainParts.join('');
const plainPoints = Array.from(plainDoc);

// Returns the code-point position and word of the first ASCII word starting at or after code
// point `from`.
function wordAt(points, from) {
  let start = from;
  while (!(points[start - 1] === ' ' && /^[a-z]$/.test(points[start]))) {
    start++;
  }
  let end = start;
  while (/^[a-z]$/.test(points[end])) {
    end++;
  }
  return { start, word: points.slice(start, end).join('') };
}

const textMiddle = wordAt(plainPoints, Math.floor(plainPoints.length / 2));
const textLater = wordAt(plainPoints, textMiddle.start + 40);

// Rich-text positions are UTF-16 offsets. An embed counts as one unit, written here as U+0000.
const richText16 = rich.ops.map((op) => (typeof op.insert === 'string' ? op.insert : '\u0000')).join('');
const richPoints = richText16.split('');
const richMiddle = wordAt(richPoints, Math.floor(richPoints.length / 2));
const richWordAttributes = (() => {
  let position = 0;
  for (const op of rich.ops) {
    const length = typeof op.insert === 'string' ? op.insert.length : 1;
    if (position + length > richMiddle.start) {
      return op.attributes;
    }
    position += length;
  }
  return undefined;
})();

// JSON: a list of 10,000 items with a few fields each.
const items = [];
for (let i = 0; i < 10000; i++) {
  items.push({
    id: 'item-' + i,
    title: sentence(),
    done: random() < 0.5,
    priority: between(1, 5),
    tags: [pick(['ops', 'docs', 'ui', 'server', 'client']), pick(['p1', 'p2', 'p3'])],
  });
}
const jsonDoc = { name: 'Backlog', owner: 'team-7', items };
const newItem = {
  id: 'item-new', title: 'Write the benchmark report.', done: false, priority: 2, tags: ['docs', 'p2'],
};

// JSON: an object of 10,000 records keyed by id, as an app keeps a map of cards or rows.
const records = {};
for (let i = 0; i < 10000; i++) {
  records['card-' + i] = { title: sentence(), done: random() < 0.5 };
}
const recordsDoc = { records };

const insertItem = [{ p: ['items', 5000], li: newItem }];
const deleteItem = [{ p: ['items', 4000], ld: items[4000] }];
const setDone = [{ p: ['items', 6000, 'done'], od: items[6000].done, oi: !items[6000].done }];
const typeInTitle = [{ p: ['items', 5000, 'title', 10], si: 'very ' }];
const typeInTitleAgain = [{ p: ['items', 5000, 'title', 4], si: 'quite ' }];

// Case names hold no comma: perf/ot/run passes each to JMH as a parameter value, and JMH splits
// parameter values at commas.
const cases = {
  apply: [
    {
      name: 'text-unicode: insert char then delete it',
      type: 'text-unicode', doc: 'text',
      ops: [[textMiddle.start, 'x'], [textMiddle.start, { d: 'x' }]],
    },
    {
      name: 'text-unicode: delete word then retype it',
      type: 'text-unicode', doc: 'text',
      ops: [[textMiddle.start, { d: textMiddle.word }], [textMiddle.start, textMiddle.word]],
    },
    {
      name: 'rich-text: insert char then delete it',
      type: 'rich-text', doc: 'rich',
      ops: [{ ops: [{ retain: richMiddle.start }, { insert: 'x' }] },
        { ops: [{ retain: richMiddle.start }, { delete: 1 }] }],
    },
    {
      name: 'rich-text: delete word then retype it',
      type: 'rich-text', doc: 'rich',
      ops: [{ ops: [{ retain: richMiddle.start }, { delete: richMiddle.word.length }] },
        { ops: [{ retain: richMiddle.start },
          Object.assign({ insert: richMiddle.word }, richWordAttributes ? { attributes: richWordAttributes } : {})] }],
    },
    {
      name: 'rich-text: bold a paragraph then unbold it',
      type: 'rich-text', doc: 'rich',
      ops: [{ ops: [{ retain: plainParagraphStart }, { retain: plainParagraphLength, attributes: { bold: true } }] },
        { ops: [{ retain: plainParagraphStart }, { retain: plainParagraphLength, attributes: { bold: null } }] }],
    },
    {
      name: 'json0: li an item then ld it',
      type: 'json0', doc: 'json',
      ops: [insertItem, [{ p: ['items', 5000], ld: newItem }]],
    },
    {
      name: 'json0: oi a field (replace) then back',
      type: 'json0', doc: 'json',
      ops: [setDone, [{ p: ['items', 6000, 'done'], od: !items[6000].done, oi: items[6000].done }]],
    },
    {
      name: 'json0: oi a key of a 10000-key object then od it',
      type: 'json0', doc: 'records',
      ops: [[{ p: ['records', 'card-new'], oi: { title: 'Write the report.', done: false } }],
        [{ p: ['records', 'card-new'], od: { title: 'Write the report.', done: false } }]],
    },
    {
      name: 'json0: si in a field then sd it',
      type: 'json0', doc: 'json',
      ops: [typeInTitle, [{ p: ['items', 5000, 'title', 10], sd: 'very ' }]],
    },
  ],
  transform: [
    {
      name: 'text-unicode: insert vs concurrent insert',
      type: 'text-unicode',
      op: [textLater.start, 'x'], other: [textMiddle.start, 'hello '],
    },
    {
      name: 'text-unicode: delete word vs insert in it',
      type: 'text-unicode',
      op: [textMiddle.start, { d: textMiddle.word }], other: [textMiddle.start + 1, 'y'],
    },
    {
      name: 'rich-text: insert vs concurrent insert',
      type: 'rich-text',
      op: { ops: [{ retain: richMiddle.start + 40 }, { insert: 'x' }] },
      other: { ops: [{ retain: richMiddle.start }, { insert: 'hello ' }] },
    },
    {
      name: 'rich-text: insert vs bold of its paragraph',
      type: 'rich-text',
      op: { ops: [{ retain: plainParagraphStart + 10 }, { insert: 'x' }] },
      other: { ops: [{ retain: plainParagraphStart }, { retain: plainParagraphLength, attributes: { bold: true } }] },
    },
    {
      name: 'json0: li vs concurrent ld',
      type: 'json0',
      op: insertItem, other: deleteItem,
    },
    {
      name: 'json0: oi vs concurrent li before it',
      type: 'json0',
      op: setDone, other: insertItem,
    },
    {
      name: 'json0: si vs concurrent si in the field',
      type: 'json0',
      op: typeInTitle, other: typeInTitleAgain,
    },
  ],
};

// JSON text with the keys of every object sorted, for comparing values whatever their key order.
function canonical(value) {
  return JSON.stringify(value, (key, inner) => (inner && typeof inner === 'object' && !Array.isArray(inner)
    ? Object.fromEntries(Object.keys(inner).sort().map((k) => [k, inner[k]]))
    : inner));
}

const types = { 'text-unicode': textUnicode, json0, 'rich-text': richText };
const docs = { text: plainDoc, rich: richDoc, json: jsonDoc, records: recordsDoc };

// Checks each case with the reference: every apply sequence gives the document back, and each
// transform's result is recorded so the Java side can compare its own.
for (const c of cases.apply) {
  const type = types[c.type];
  const before = JSON.stringify(docs[c.doc]);
  let snapshot = type.create(JSON.parse(before));
  for (const op of c.ops) {
    snapshot = type.apply(snapshot, JSON.parse(JSON.stringify(op)));
  }
  if (canonical(snapshot) !== canonical(JSON.parse(before))) {
    throw new Error('apply case does not give the document back: ' + c.name);
  }
}
for (const c of cases.transform) {
  c.expected = types[c.type].transform(JSON.parse(JSON.stringify(c.op)), JSON.parse(JSON.stringify(c.other)), 'left');
  c.expected = JSON.parse(JSON.stringify(c.expected));
}

const out = process.argv[2];
if (!out) {
  throw new Error('usage: node fixture.js OUT.json');
}
fs.writeFileSync(out, JSON.stringify({ seed: 20261204, docs, cases }));
console.log('wrote ' + out + ': rich-text ' + richLength + ' UTF-16 units, text ' + plainLength
  + ' code points, json ' + items.length + ' items');
