'use strict';
// Concurrent random edits from clients on every transport converge to one text.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode, sleep } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, fetchDoc, submitOp, nothingPending,
  randomTextOp, randomInt, restGetDocument, waitUntil,
} = require('./support/docs');

const EDITS_PER_CLIENT = 150;
const CLIENTS = [
  { user: 'ws-user', transport: 'ws' },
  { user: 'sockjs-ws-user', transport: 'sockjs-websocket' },
  { user: 'streaming-user', transport: 'xhr-streaming' },
  { user: 'polling-user', transport: 'xhr-polling' },
];

let node;
before(async () => { node = await startNode({ name: 'convergence' }); });
after(async () => { if (node) await node.stop(); });

async function editRandomly(doc, count) {
  for (let i = 0; i < count; i++) {
    // Each op is built on the client's current text, which already holds the others' ops.
    doc.submitOp(randomTextOp(doc.data));
    if (Math.random() < 0.3) await sleep(randomInt(8));
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await nothingPending(doc);
}

test('random edits on all transports converge', { timeout: 180000 }, async () => {
  const collection = uniqueCollection('converge');
  const id = 'doc1';
  const clients = await Promise.all(CLIENTS.map((options) => connect(node, options)));
  try {
    const docs = clients.map((client) => client.connection.get(collection, id));
    await createDoc(docs[0], 'Start: ');
    await Promise.all(docs.map((doc) => subscribeDoc(doc)));

    await withTimeout(Promise.all(docs.map((doc) => editRandomly(doc, EDITS_PER_CLIENT))), 150000, 'random edits');

    const rest = await restGetDocument(node, collection, id);
    assert.equal(rest.status, 200, `REST GET status, body ${JSON.stringify(rest.body)}`);
    const finalVersion = rest.body.v;
    await waitUntil(() => docs.every((doc) => doc.version === finalVersion), {
      timeoutMs: 20000,
      describe: () => `: versions ${docs.map((doc) => doc.version).join(', ')}, REST version ${finalVersion}`,
    });

    for (let i = 1; i < docs.length; i++) {
      assert.equal(docs[i].data, docs[0].data, `${CLIENTS[i].transport} client text differs from the ws client`);
    }
    assert.equal(rest.body.data, docs[0].data, 'REST text differs from the clients');

    const fresh = await connect(node, { user: 'late-reader', transport: 'ws' });
    const freshDoc = fresh.connection.get(collection, id);
    await fetchDoc(freshDoc);
    assert.equal(freshDoc.version, finalVersion, 'fresh fetch version');
    assert.equal(freshDoc.data, docs[0].data, 'fresh fetch text');
    fresh.close();

    for (const client of clients) {
      assert.deepEqual(client.errors.map(String), [], `${client.transport} client errors`);
    }
  } finally {
    clients.forEach((client) => client.close());
  }
});
