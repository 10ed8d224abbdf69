'use strict';
// ShareDB protocol basics through the real sharedb client.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode, sleep } = require('./support/node');
const { connect, TEXT_UNICODE } = require('./support/client');
const {
  uniqueCollection, withTimeout, callbackPromise, createDoc, subscribeDoc, unsubscribeDoc,
  fetchDoc, submitOp, deleteDoc, restGetDocument,
} = require('./support/docs');

let node;
let alice;
let bob;
const collection = uniqueCollection('protocol');

before(async () => {
  node = await startNode({ name: 'protocol' });
  alice = await connect(node, { user: 'alice', transport: 'ws' });
  bob = await connect(node, { user: 'bob', transport: 'xhr-polling' });
});
after(async () => {
  if (alice) alice.close();
  if (bob) bob.close();
  if (node) await node.stop();
});

const fetchSnapshot = (conn, id, version) =>
  callbackPromise((cb) => conn.connection.fetchSnapshot(collection, id, version, cb));
const fetchSnapshotByTimestamp = (conn, id, timestamp) =>
  callbackPromise((cb) => conn.connection.fetchSnapshotByTimestamp(collection, id, timestamp, cb));

test('create, fetch, subscribe, unsubscribe', { timeout: 30000 }, async () => {
  const id = 'basics';
  const mine = alice.connection.get(collection, id);
  const theirs = bob.connection.get(collection, id);

  await fetchDoc(theirs);
  assert.equal(theirs.version, 0, 'missing document version');
  assert.equal(theirs.type, null, 'missing document type');

  await createDoc(mine, 'héllo');
  assert.equal(mine.version, 1, 'version after create');
  await fetchDoc(theirs);
  assert.equal(theirs.version, 1, 'fetched version');
  assert.equal(theirs.type.uri, TEXT_UNICODE, 'fetched type');
  assert.equal(theirs.data, 'héllo', 'fetched text');

  await subscribeDoc(theirs);
  const received = new Promise((resolve) => theirs.once('op', resolve));
  await submitOp(mine, [5, ' wörld 🌍']);
  await withTimeout(received, 10000, 'op broadcast to the subscriber');
  assert.equal(theirs.data, 'héllo wörld 🌍', 'subscriber text after the broadcast');
  assert.equal(theirs.version, 2, 'subscriber version after the broadcast');

  await unsubscribeDoc(theirs);
  await submitOp(mine, [0, { d: 1 }, 'H']);
  await sleep(300);
  assert.equal(theirs.version, 2, 'an unsubscribed doc receives no op');
  await fetchDoc(theirs);
  assert.equal(theirs.data, 'Héllo wörld 🌍', 'text fetched after unsubscribe');
  assert.equal(theirs.version, 3, 'version fetched after unsubscribe');
});

test('bulk subscribe of several docs', { timeout: 30000 }, async () => {
  const ids = ['bulk-a', 'bulk-b', 'bulk-c', 'bulk-missing'];
  for (const id of ids.slice(0, 3)) await createDoc(alice.connection.get(collection, id), `text of ${id}`);

  const sent = [];
  const onSend = (message) => sent.push(message);
  bob.connection.on('send', onSend);
  const docs = ids.map((id) => bob.connection.get(collection, id));
  bob.connection.startBulk();
  const subscribed = Promise.all(docs.map((doc) => subscribeDoc(doc)));
  bob.connection.endBulk();
  await withTimeout(subscribed, 10000, 'bulk subscribe');
  bob.connection.removeListener('send', onSend);

  assert.ok(sent.some((message) => message.a === 'bs'), `client sent a bulk subscribe: ${JSON.stringify(sent)}`);
  for (let i = 0; i < 3; i++) {
    assert.equal(docs[i].data, `text of ${ids[i]}`, `text of ${ids[i]}`);
    assert.equal(docs[i].version, 1, `version of ${ids[i]}`);
  }
  assert.equal(docs[3].type, null, 'missing doc has no type');
  assert.equal(docs[3].version, 0, 'missing doc version');

  const received = new Promise((resolve) => docs[1].once('op', resolve));
  await submitOp(alice.connection.get(collection, 'bulk-b'), [0, '>']);
  await withTimeout(received, 10000, 'op on a bulk-subscribed doc');
  assert.equal(docs[1].data, '>text of bulk-b', 'bulk-subscribed doc text after the op');
});

test('snapshot by version and timestamp', { timeout: 30000 }, async () => {
  const id = 'history';
  const doc = alice.connection.get(collection, id);
  const texts = [undefined];
  const timestamps = [];
  await createDoc(doc, 'v1');
  texts.push(doc.data);
  for (let i = 2; i <= 5; i++) {
    await sleep(30);
    timestamps[i - 1] = Date.now(); // at this time the document is at version i - 1
    await sleep(30);
    await submitOp(doc, [codeLength(doc.data), ` v${i}`]);
    texts.push(doc.data);
  }

  for (let version = 0; version <= 5; version++) {
    const snapshot = await fetchSnapshot(bob, id, version);
    assert.equal(snapshot.v, version, `version of the snapshot at ${version}`);
    assert.equal(snapshot.data, texts[version], `text of the snapshot at ${version}`);
  }
  const missing = await fetchSnapshot(bob, id, 0);
  assert.equal(missing.type, null, 'snapshot at version 0 has no type');

  for (let version = 1; version <= 4; version++) {
    const snapshot = await fetchSnapshotByTimestamp(bob, id, timestamps[version]);
    assert.equal(snapshot.v, version, `version of the snapshot at the timestamp after version ${version}`);
    assert.equal(snapshot.data, texts[version], `text of the snapshot at the timestamp after version ${version}`);
  }
  const latest = await fetchSnapshotByTimestamp(bob, id, null);
  assert.equal(latest.v, 5, 'snapshot by a null timestamp is the latest');
});

function codeLength(text) {
  return [...text].length;
}

test('delete then create again', { timeout: 30000 }, async () => {
  const id = 'reborn';
  const doc = alice.connection.get(collection, id);
  const watcher = bob.connection.get(collection, id);
  await createDoc(doc, 'first life');
  await subscribeDoc(watcher);
  const deleted = new Promise((resolve) => watcher.once('del', resolve));
  await deleteDoc(doc);
  assert.equal(doc.version, 2, 'version after delete');
  assert.equal(doc.type, null, 'type after delete');
  await withTimeout(deleted, 10000, 'delete broadcast');
  assert.equal(watcher.type, null, 'subscriber type after delete');

  const rest = await restGetDocument(node, collection, id);
  assert.equal(rest.body.v, 2, 'REST version after delete');
  assert.equal(rest.body.type, null, 'REST type after delete');

  const created = new Promise((resolve) => watcher.once('create', resolve));
  await createDoc(doc, 'second life');
  assert.equal(doc.version, 3, 'version after the second create');
  await withTimeout(created, 10000, 'create broadcast');
  assert.equal(watcher.data, 'second life', 'subscriber text after the second create');
  const again = await restGetDocument(node, collection, id);
  assert.equal(again.body.data, 'second life', 'REST text after the second create');
  assert.equal(again.body.v, 3, 'REST version after the second create');
});

test('create of an existing doc is rejected', { timeout: 30000 }, async () => {
  const id = 'taken';
  await createDoc(alice.connection.get(collection, id), 'mine');
  const other = bob.connection.get(collection, id);
  // bob has not fetched, so his client believes the doc is missing and sends a create at version 0.
  await assert.rejects(createDoc(other, 'theirs'), (err) => {
    assert.match(String(err.code), /^ERR_/, `error code of ${JSON.stringify(err)}`);
    return true;
  });
  await fetchDoc(other);
  assert.equal(other.data, 'mine', 'text after the rejected create');
});

test('ping gets a pong', { timeout: 15000 }, async () => {
  const pong = new Promise((resolve) => alice.connection.once('pong', resolve));
  alice.connection.ping();
  await withTimeout(pong, 10000, 'pong');
});

test('fetch query returns an error', { timeout: 15000 }, async () => {
  const query = callbackPromise((cb) => alice.connection.createFetchQuery(collection, {}, {}, cb));
  await assert.rejects(withTimeout(query, 10000, 'query reply'), (err) => {
    assert.match(String(err.code), /^ERR_/, `error code of ${JSON.stringify(err)}`);
    assert.equal(typeof err.message, 'string', 'error message');
    return true;
  });
});

test('presence works or returns an error', { timeout: 20000 }, async () => {
  // Presence must be answered: either it reaches the other client, or the server returns an
  // ERR_ code. Silence (the reference backend with presence disabled) fails this test.
  const channel = `${collection}-presence`;
  const watching = bob.connection.getPresence(channel);
  const subscribed = callbackPromise((cb) => watching.subscribe(cb)).then(() => null, (err) => err);
  const subscribeError = await withTimeout(subscribed, 10000, 'presence subscribe reply');
  if (subscribeError) {
    assert.match(String(subscribeError.code), /^ERR_/, `presence subscribe error ${JSON.stringify(subscribeError)}`);
    return;
  }
  const sending = alice.connection.getPresence(channel);
  const local = sending.create('alice-cursor');
  const received = new Promise((resolve) => watching.on('receive', (id, value) => resolve({ id, value })));
  const submitError = await withTimeout(
    callbackPromise((cb) => local.submit({ index: 3 }, cb)).then(() => null, (err) => err),
    10000, 'presence submit reply');
  if (submitError) {
    assert.match(String(submitError.code), /^ERR_/, `presence submit error ${JSON.stringify(submitError)}`);
    return;
  }
  const update = await withTimeout(received, 10000, 'presence update at the other client');
  assert.equal(update.id, 'alice-cursor', 'presence id');
  assert.deepEqual(update.value, { index: 3 }, 'presence value');
});
