'use strict';
// json0 documents through the real sharedb client: concurrent edits by three clients converge,
// snapshots fetched by version match what a subscriber saw, and an op that does not fit the
// document is rejected.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode, sleep } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, submitOp, nothingPending, fetchDoc,
  randomInt, restGetDocument, waitUntil, recordVersions, fetchSnapshot, sampleVersions,
} = require('./support/docs');

const JSON0 = 'http://sharejs.org/types/JSONv0';
const EDITS_PER_CLIENT = 60;
const SAMPLED_VERSIONS = 12;
const CLIENTS = [
  { user: 'json-ws-user', transport: 'ws' },
  { user: 'json-sockjs-user', transport: 'sockjs-websocket' },
  { user: 'json-polling-user', transport: 'xhr-polling' },
];
const INITIAL = {
  title: 'start',
  meta: { count: 0, tags: { k0: 1 } },
  items: [{ name: 'a', done: false }, { name: 'b', done: true }, { name: 'c', done: false }],
};

let node;
before(async () => { node = await startNode({ name: 'json0' }); });
after(async () => { if (node) await node.stop(); });

// Makes an op on the client's current data. It inserts, deletes or moves a list item, edits a
// nested name or the title, replaces a nested boolean, inserts or deletes an object key, adds to a
// number, or does two of these in one op. Strings contain ASCII only, so any offset is a character
// boundary.
function randomJsonOp(data) {
  const { items, title } = data;
  const tags = data.meta.tags;
  const roll = randomInt(10);
  if (roll === 0 || items.length < 2) {
    return [{ p: ['items', randomInt(items.length + 1)], li: { name: `n${randomInt(100)}`, done: false } }];
  }
  const index = randomInt(items.length);
  if (roll === 1) return [{ p: ['items', index], ld: items[index] }];
  if (roll === 2) return [{ p: ['items', index], lm: randomInt(items.length) }];
  if (roll === 3) {
    return [{ p: ['items', index, 'name', randomInt(items[index].name.length + 1)], si: 'xy'.slice(randomInt(2)) }];
  }
  if (roll === 4) return [{ p: ['items', index, 'done'], od: items[index].done, oi: !items[index].done }];
  if (roll === 5) return [{ p: ['title', randomInt(title.length + 1)], si: 'ab'.slice(randomInt(2)) }];
  if (roll === 6 && title.length > 0) {
    const start = randomInt(title.length);
    return [{ p: ['title', start], sd: title.slice(start, start + 1 + randomInt(2)) }];
  }
  if (roll === 7) {
    const key = `k${randomInt(3)}`;
    return tags[key] === undefined ? [{ p: ['meta', 'tags', key], oi: randomInt(10) }] : [{ p: ['meta', 'tags', key], od: tags[key] }];
  }
  if (roll === 8) return [{ p: ['meta', 'count'], na: 1 }, { p: ['title', 0], si: 'z' }];
  return [{ p: ['meta', 'count'], na: 1 }];
}

// Submits count random ops without waiting for acknowledgements and returns how many na it sent.
async function editRandomly(doc, count) {
  let numberAdds = 0;
  for (let i = 0; i < count; i++) {
    const op = randomJsonOp(doc.data);
    numberAdds += op.filter((component) => component.na !== undefined).length;
    doc.submitOp(op);
    if (Math.random() < 0.3) await sleep(randomInt(8));
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await nothingPending(doc);
  return numberAdds;
}

test('concurrent json0 edits converge', { timeout: 180000 }, async () => {
  const collection = uniqueCollection('json0');
  const id = 'doc1';
  const clients = await Promise.all(CLIENTS.map((options) => connect(node, options)));
  const watcher = await connect(node, { user: 'json-watcher', transport: 'ws' });
  try {
    const watched = watcher.connection.get(collection, id);
    const seen = await recordVersions(watched);
    const docs = clients.map((client) => client.connection.get(collection, id));
    await createDoc(docs[0], INITIAL, JSON0);
    await Promise.all(docs.map((doc) => subscribeDoc(doc)));

    const numberAdds = await withTimeout(Promise.all(docs.map((doc) => editRandomly(doc, EDITS_PER_CLIENT))),
      150000, 'random edits');

    const rest = await restGetDocument(node, collection, id);
    assert.equal(rest.status, 200, `REST GET status, body ${JSON.stringify(rest.body)}`);
    const finalVersion = rest.body.v;
    await waitUntil(() => [...docs, watched].every((doc) => doc.version === finalVersion), {
      timeoutMs: 20000,
      describe: () => `: versions ${[...docs, watched].map((doc) => doc.version).join(', ')}, REST version ${finalVersion}`,
    });
    for (let i = 1; i < docs.length; i++) {
      assert.deepEqual(docs[i].data, docs[0].data, `${CLIENTS[i].transport} client data differs from the ws client`);
    }
    assert.deepEqual(watched.data, docs[0].data, 'subscriber data differs from the editing clients');
    assert.deepEqual(rest.body.data, docs[0].data, 'REST data differs from the clients');
    assert.equal(docs[0].data.meta.count, numberAdds.reduce((sum, n) => sum + n, 0), 'every na of every client counted once');

    const fresh = await connect(node, { user: 'json-late-reader', transport: 'ws' });
    const freshDoc = fresh.connection.get(collection, id);
    await fetchDoc(freshDoc);
    assert.equal(freshDoc.version, finalVersion, 'fresh fetch version');
    assert.deepEqual(freshDoc.data, docs[0].data, 'fresh fetch document');
    fresh.close();

    for (const version of [0, 1, finalVersion]) {
      assert.ok(seen.has(version), `subscriber recorded version ${version}`);
    }
    for (const version of sampleVersions(seen.keys(), SAMPLED_VERSIONS)) {
      const snapshot = await fetchSnapshot(watcher.connection, collection, id, version);
      assert.equal(snapshot.v, version, `version of the snapshot fetched at ${version}`);
      assert.deepEqual(snapshot.data, seen.get(version), `snapshot at version ${version} differs from what the subscriber saw`);
    }

    for (const client of [...clients, watcher]) {
      assert.deepEqual(client.errors.map(String), [], `${client.transport} client errors`);
    }
  } finally {
    clients.forEach((client) => client.close());
    watcher.close();
  }
});

test('json0 delete with a stale value is rejected', { timeout: 30000 }, async () => {
  const collection = uniqueCollection('json0-reject');
  const client = await connect(node, { user: 'ws-user', transport: 'ws' });
  try {
    const doc = client.connection.get(collection, 'doc1');
    await createDoc(doc, { l: ['a'] }, JSON0);

    await assert.rejects(submitOp(doc, [{ p: ['l', 0], ld: 'not-a' }]), 'stale ld must be rejected');

    const rest = await restGetDocument(node, collection, 'doc1');
    assert.deepEqual(rest.body.data, { l: ['a'] }, 'document after the rejected op');
    assert.equal(rest.body.v, 1, 'version after the rejected op');
  } finally {
    client.close();
  }
});
