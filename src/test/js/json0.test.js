'use strict';
// json0 documents through the real sharedb client: concurrent edits converge, and an op that does
// not fit the document is rejected.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode, sleep } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, submitOp, nothingPending,
  randomInt, restGetDocument, waitUntil,
} = require('./support/docs');

const JSON0 = 'http://sharejs.org/types/JSONv0';
const EDITS_PER_CLIENT = 60;

let node;
before(async () => { node = await startNode({ name: 'json0' }); });
after(async () => { if (node) await node.stop(); });

// Makes an op on the client's current data: a list insert, delete or move, a string insert or
// delete, or a number add. Strings hold ASCII only, so any offset is a character boundary.
function randomJsonOp(data) {
  const list = data.l;
  const text = data.t;
  const roll = randomInt(6);
  if (roll === 0 || list.length < 2) return [{ p: ['l', randomInt(list.length + 1)], li: `i${randomInt(100)}` }];
  if (roll === 1) {
    const index = randomInt(list.length);
    return [{ p: ['l', index], ld: list[index] }];
  }
  if (roll === 2) return [{ p: ['l', randomInt(list.length)], lm: randomInt(list.length) }];
  if (roll === 3) return [{ p: ['t', randomInt(text.length + 1)], si: 'ab'.slice(randomInt(2)) }];
  if (roll === 4 && text.length > 0) {
    const start = randomInt(text.length);
    return [{ p: ['t', start], sd: text.slice(start, start + 1 + randomInt(2)) }];
  }
  return [{ p: ['n'], na: 1 }];
}

// Submits count random ops without waiting for acknowledgements and returns how many were na.
async function editRandomly(doc, count) {
  let numberAdds = 0;
  for (let i = 0; i < count; i++) {
    const op = randomJsonOp(doc.data);
    if (op[0].na !== undefined) numberAdds++;
    doc.submitOp(op);
    if (Math.random() < 0.3) await sleep(randomInt(8));
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await nothingPending(doc);
  return numberAdds;
}

test('concurrent json0 edits converge', { timeout: 120000 }, async () => {
  const collection = uniqueCollection('json0');
  const clients = await Promise.all([
    connect(node, { user: 'ws-user', transport: 'ws' }),
    connect(node, { user: 'polling-user', transport: 'xhr-polling' }),
  ]);
  try {
    const docs = clients.map((client) => client.connection.get(collection, 'doc1'));
    await createDoc(docs[0], { l: ['a', 'b', 'c'], t: 'start', n: 0 }, JSON0);
    await Promise.all(docs.map((doc) => subscribeDoc(doc)));

    const numberAdds = await withTimeout(Promise.all(docs.map((doc) => editRandomly(doc, EDITS_PER_CLIENT))),
      100000, 'random edits');

    const rest = await restGetDocument(node, collection, 'doc1');
    assert.equal(rest.status, 200, `REST GET status, body ${JSON.stringify(rest.body)}`);
    await waitUntil(() => docs.every((doc) => doc.version === rest.body.v), {
      timeoutMs: 20000,
      describe: () => `: versions ${docs.map((doc) => doc.version).join(', ')}, REST version ${rest.body.v}`,
    });
    assert.deepEqual(docs[1].data, docs[0].data, 'polling client data differs from the ws client');
    assert.deepEqual(rest.body.data, docs[0].data, 'REST data differs from the clients');
    assert.equal(docs[0].data.n, numberAdds[0] + numberAdds[1], 'every na of both clients counted once');
    for (const client of clients) {
      assert.deepEqual(client.errors.map(String), [], `${client.transport} client errors`);
    }
  } finally {
    clients.forEach((client) => client.close());
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
