'use strict';
// Promise wrappers around sharedb Doc callbacks, REST reads, and random text-unicode edits.

const crypto = require('node:crypto');
const { httpGet } = require('./node');
const { textUnicode, TEXT_UNICODE } = require('./client');

/** Returns a collection name no other test run uses, so runs can share one database. */
function uniqueCollection(prefix = 'js') {
  return `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`;
}

/** Rejects with a message naming `what` when the promise does not settle within ms. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function callbackPromise(fn) {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
}

const fetchDoc = (doc) => callbackPromise((cb) => doc.fetch(cb));
const subscribeDoc = (doc) => callbackPromise((cb) => doc.subscribe(cb));
const unsubscribeDoc = (doc) => callbackPromise((cb) => doc.unsubscribe(cb));
const createDoc = (doc, data, type = TEXT_UNICODE) => callbackPromise((cb) => doc.create(data, type, cb));
const submitOp = (doc, op) => callbackPromise((cb) => doc.submitOp(op, cb));
const deleteDoc = (doc) => callbackPromise((cb) => doc.del(cb));
const nothingPending = (doc) => callbackPromise((cb) => doc.whenNothingPending(cb));

/** Number of Unicode code points in a string: the unit of text-unicode positions. */
function codePointLength(text) {
  let n = 0;
  for (const _ of text) n += 1; // eslint-disable-line no-unused-vars
  return n;
}

function codePointSlice(text, start, end) {
  return [...text].slice(start, end).join('');
}

/** Snippets for random inserts: ASCII, accents as combining marks, emoji with modifiers, CJK. */
const INSERT_SNIPPETS = [
  'a', 'b', 'xyz', ' ', '\n', 'e\u0301', 'a\u0308', 'n\u0303\u0323', '\u0301',
  '😀', '👍🏽', '🇫🇷', '👩‍💻', '𝄞', '汉字', 'é', 'ß', 'Ω', '\u200d',
];

function randomInt(n) {
  return Math.floor(Math.random() * n);
}

/**
 * Builds a random text-unicode op valid on `text`: an insert of 1-3 snippets, or a delete of 1-3
 * code points written as {d: count} or {d: deletedText} at random.
 */
function randomTextOp(text) {
  const length = codePointLength(text);
  if (length > 0 && Math.random() < 0.35) {
    const pos = randomInt(length);
    const count = 1 + randomInt(Math.min(3, length - pos));
    const del = Math.random() < 0.5 ? { d: count } : { d: codePointSlice(text, pos, pos + count) };
    return pos === 0 ? [del] : [pos, del];
  }
  const pos = randomInt(length + 1);
  let inserted = '';
  const pieces = 1 + randomInt(3);
  for (let i = 0; i < pieces; i++) inserted += INSERT_SNIPPETS[randomInt(INSERT_SNIPPETS.length)];
  return pos === 0 ? [inserted] : [pos, inserted];
}

function applyTextOp(text, op) {
  return textUnicode.apply(text, op);
}

function restDocumentUrl(node, collection, id) {
  return `${node.httpUrl}/api/v1/documents/${encodeURIComponent(collection)}/${encodeURIComponent(id)}`;
}

/** GET /api/v1/documents/{collection}/{id}: resolves with {status, body}; body is {v, type, data}. */
function restGetDocument(node, collection, id) {
  return httpGet(restDocumentUrl(node, collection, id));
}

/**
 * GET /api/v1/documents/{collection}/{id}/ops and resolves with the list of ops. Each op is
 * expected in ShareDB's wire shape {v, src, seq, op | create | del}.
 * NOTE: the list may come bare or as {ops: [...]}; both are accepted until the REST shape is fixed.
 */
async function restGetOps(node, collection, id, from = 0, to = null) {
  const query = `from=${from}` + (to == null ? '' : `&to=${to}`);
  const res = await httpGet(`${restDocumentUrl(node, collection, id)}/ops?${query}`);
  if (res.status !== 200) throw new Error(`GET ops of ${collection}/${id} failed with status ${res.status}: ${JSON.stringify(res.body)}`);
  const ops = Array.isArray(res.body) ? res.body : res.body && res.body.ops;
  if (!Array.isArray(ops)) throw new Error(`GET ops of ${collection}/${id} returned no op list: ${JSON.stringify(res.body).slice(0, 300)}`);
  return ops.map((op, i) => (op.v == null ? { ...op, v: from + i } : op));
}

/**
 * Subscribes `doc` and records a deep copy of its data at every version it reaches: the version of
 * the subscribe (0 with no data when the document does not exist yet), then each create and op. A
 * multi-component json0 op fires one 'op' event per component, so the record is taken on 'op batch'.
 * Resolves with a Map from version to data.
 */
async function recordVersions(doc) {
  const seen = new Map();
  const record = () => seen.set(doc.version, doc.data === undefined ? undefined : JSON.parse(JSON.stringify(doc.data)));
  doc.on('create', record);
  doc.on('op batch', record);
  await subscribeDoc(doc);
  record();
  return seen;
}

/** Resolves with the snapshot {v, type, data} of a document at `version`, through the sharedb protocol. */
function fetchSnapshot(connection, collection, id, version) {
  return callbackPromise((cb) => connection.fetchSnapshot(collection, id, version, cb));
}

/** Returns up to `count` versions of `versions`: the first two, the last, and a random pick of the rest. */
function sampleVersions(versions, count) {
  const sorted = [...versions].sort((a, b) => a - b);
  const picked = new Set([...sorted.slice(0, 2), sorted[sorted.length - 1]]);
  const rest = sorted.filter((version) => !picked.has(version));
  while (picked.size < count && rest.length > 0) {
    picked.add(rest.splice(randomInt(rest.length), 1)[0]);
  }
  return [...picked].sort((a, b) => a - b);
}

/** Polls until check() returns true; rejects with the last description from describe(). */
async function waitUntil(check, { timeoutMs = 20000, intervalMs = 50, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms ${describe()}`);
}

module.exports = {
  uniqueCollection, withTimeout, callbackPromise,
  fetchDoc, subscribeDoc, unsubscribeDoc, createDoc, submitOp, deleteDoc, nothingPending,
  codePointLength, codePointSlice, randomTextOp, applyTextOp, randomInt,
  restGetDocument, restGetOps, waitUntil, recordVersions, fetchSnapshot, sampleVersions,
};
