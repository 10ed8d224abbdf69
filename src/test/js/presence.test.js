'use strict';
// Document presence on text-unicode and json0 documents through the real sharedb client, with
// the types registered by tandem-types.js as the node serves it at /js/tandem-types.js: a cursor
// moves when another client edits before it.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { startNode, REPO_ROOT } = require('./support/node');
const { connect, ShareDB, textUnicode, TEXT_UNICODE } = require('./support/client');
const { uniqueCollection, callbackPromise, createDoc, subscribeDoc, submitOp, waitUntil } = require('./support/docs');

const JSON0 = 'http://sharejs.org/types/JSONv0';
const MODULE_FILE = path.join(REPO_ROOT, 'src', 'main', 'resources', 'webroot', 'tandem-types.js');
// The json0 type the sharedb client registers itself, taken before any test registers a copy.
const BASE_JSON0 = ShareDB.types.map[JSON0];

let node;
let served;
before(async () => {
  node = await startNode({ name: 'presence' });
  const res = await fetch(`${node.httpUrl}/js/tandem-types.js`);
  served = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
});
after(async () => { if (node) await node.stop(); });

/**
 * Evaluates the served module the way CommonJS loads it and returns its exports. It runs in this
 * realm, not a vm context, so its results share Object.prototype with the test's and deepEqual
 * compares them.
 */
function evaluateAsCommonJs(source) {
  const module = { exports: {} };
  new Function('module', 'exports', source)(module, module.exports); // eslint-disable-line no-new-func
  return module.exports;
}

/**
 * Opens the doc presence of collection/id on two connected clients and returns the observer's
 * presence, the values it received in order, and the editor's local presence, after the observer
 * has seen the first value.
 */
async function openPresences(observer, editor, collection, id, first) {
  const seen = observer.connection.getDocPresence(collection, id);
  const received = [];
  seen.on('receive', (presenceId, value) => received.push({ presenceId, value }));
  await callbackPromise((cb) => seen.subscribe(cb));
  const editorPresence = editor.connection.getDocPresence(collection, id);
  await callbackPromise((cb) => editorPresence.subscribe(cb));
  const local = editorPresence.create('editor-cursor');
  await callbackPromise((cb) => local.submit(first, cb));
  await waitUntil(() => JSON.stringify(seen.remotePresences['editor-cursor']) === JSON.stringify(first), {
    timeoutMs: 10000,
    describe: () => `for the first presence to arrive; seen ${JSON.stringify(seen.remotePresences)}`,
  });
  return { seen, received, local };
}

test('served module matches repository file', { timeout: 30000 }, () => {
  assert.equal(served.status, 200, 'status of GET /js/tandem-types.js');
  assert.match(served.contentType, /^application\/javascript/, 'Content-Type');
  assert.ok(served.body.equals(fs.readFileSync(MODULE_FILE)), 'served bytes differ from the file in the repository');
});

test('served module defines TandemTypes global', { timeout: 30000 }, () => {
  const browser = {};
  vm.runInNewContext(served.body.toString('utf8'), browser, { filename: 'tandem-types.js' });

  assert.equal(typeof browser.TandemTypes, 'object', 'TandemTypes global');
  assert.equal(typeof browser.TandemTypes.register, 'function', 'TandemTypes.register');
});

test('text cursor follows remote inserts', { timeout: 60000 }, async () => {
  const TandemTypes = evaluateAsCommonJs(served.body.toString('utf8'));
  const registered = TandemTypes.register(ShareDB, { textUnicode, json0: BASE_JSON0 });
  assert.equal(ShareDB.types.map[TEXT_UNICODE], registered.textUnicode, 'registered text-unicode type');

  const collection = uniqueCollection('presence-text');
  const alice = await connect(node, { user: 'alice', transport: 'ws' });
  const bob = await connect(node, { user: 'bob', transport: 'ws' });
  try {
    const aliceDoc = alice.connection.get(collection, 'doc1');
    await createDoc(aliceDoc, '😀 hello world', TEXT_UNICODE);
    await subscribeDoc(aliceDoc);
    await subscribeDoc(bob.connection.get(collection, 'doc1'));
    // Bob selects "world": code points 8 to 13.
    const { seen } = await openPresences(alice, bob, collection, 'doc1', { index: 8, length: 5 });

    // Three code points (five UTF-16 units) before Bob's selection move it by three.
    await submitOp(aliceDoc, ['👻👻 ']);
    assert.deepEqual(seen.remotePresences['editor-cursor'], { index: 11, length: 5 }, 'after an insert before');

    // Alice's insert exactly at Bob's start does not push it, so the selection grows.
    await submitOp(aliceDoc, [11, 'big ']);
    assert.deepEqual(seen.remotePresences['editor-cursor'], { index: 11, length: 9 }, 'after an insert at the start');

    assert.equal(aliceDoc.data, '👻👻 😀 hello big world', 'document');
    assert.deepEqual(alice.errors.map(String), [], 'alice client errors');
    assert.deepEqual(bob.errors.map(String), [], 'bob client errors');
  } finally {
    alice.close();
    bob.close();
  }
});

test('json0 presence follows remote edits', { timeout: 60000 }, async () => {
  const TandemTypes = evaluateAsCommonJs(served.body.toString('utf8'));
  const registered = TandemTypes.register(ShareDB, { textUnicode, json0: BASE_JSON0 });
  assert.equal(ShareDB.types.map[JSON0], registered.json0, 'registered json0 type');
  assert.equal(ShareDB.types.defaultType, registered.json0, 'json0 copy as the default type');

  const collection = uniqueCollection('presence-json0');
  const alice = await connect(node, { user: 'alice', transport: 'ws' });
  const bob = await connect(node, { user: 'bob', transport: 'ws' });
  try {
    const aliceDoc = alice.connection.get(collection, 'doc1');
    await createDoc(aliceDoc, { items: ['first', 'second 😀'] }, JSON0);
    await subscribeDoc(aliceDoc);
    await subscribeDoc(bob.connection.get(collection, 'doc1'));
    // Bob selects the emoji of the second item: UTF-16 units 7 and 8.
    const { seen, received } = await openPresences(alice, bob, collection, 'doc1',
      { p: ['items', 1], index: 7, length: 2 });

    await submitOp(aliceDoc, [{ p: ['items', 0], li: 'new' }]);
    assert.deepEqual(seen.remotePresences['editor-cursor'], { p: ['items', 2], index: 7, length: 2 },
      'after a list insert before the item');

    await submitOp(aliceDoc, [{ p: ['items', 2, 0], si: '😀' }]);
    assert.deepEqual(seen.remotePresences['editor-cursor'], { p: ['items', 2], index: 9, length: 2 },
      'after a string insert before the range');

    await submitOp(aliceDoc, [{ p: ['items', 2], ld: '😀second 😀' }]);
    // A presence that becomes null is reported once as null and then forgotten.
    assert.deepEqual(received.at(-1), { presenceId: 'editor-cursor', value: null }, 'after the item is deleted');
    assert.equal('editor-cursor' in seen.remotePresences, false, 'presence removed after the delete');

    assert.deepEqual(aliceDoc.data, { items: ['new', 'first'] }, 'document');
    assert.deepEqual(alice.errors.map(String), [], 'alice client errors');
    assert.deepEqual(bob.errors.map(String), [], 'bob client errors');
  } finally {
    alice.close();
    bob.close();
  }
});
