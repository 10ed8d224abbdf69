'use strict';
// Several nodes in one cluster, each its own JVM: clients on different nodes edit one document
// through its single owner, and the owner's SIGKILL loses no acknowledged op.

const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startCluster, sleep } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, fetchDoc, nothingPending,
  randomTextOp, randomInt, restGetDocument, restGetOps, waitUntil, codePointLength,
} = require('./support/docs');

const started = [];
after(async () => {
  for (const node of started) {
    if (node.process) await node.stop().catch(() => {});
  }
});

/** GET that resolves with {status, headers, body}; the support helper drops headers. */
function getWithHeaders(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { timeout: 5000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: JSON.parse(text) }));
    }).on('error', reject);
  });
}

async function nodeIds(nodes) {
  return Promise.all(nodes.map(async (node) => (await getWithHeaders(`${node.httpUrl}/health/live`)).body.node));
}

test('edits through three nodes converge', { timeout: 180000 }, async () => {
  const nodes = await startCluster({ name: 'cluster3', size: 3 });
  started.push(...nodes);
  const collection = uniqueCollection('cluster');
  const plan = [
    { node: nodes[0], transport: 'ws' },
    { node: nodes[1], transport: 'xhr-streaming' },
    { node: nodes[2], transport: 'ws' },
  ];
  const clients = await Promise.all(plan.map((p, i) => connect(p.node, { user: `u${i}`, transport: p.transport })));
  try {
    for (const id of ['d1', 'd2', 'd3']) {
      const docs = clients.map((client) => client.connection.get(collection, id));
      await createDoc(docs[0], 'Start: ');
      await Promise.all(docs.map((doc) => subscribeDoc(doc)));

      await withTimeout(Promise.all(docs.map(async (doc) => {
        for (let i = 0; i < 80; i++) {
          doc.submitOp(randomTextOp(doc.data));
          if (Math.random() < 0.3) await sleep(randomInt(8));
          else await new Promise((resolve) => setImmediate(resolve));
        }
        await nothingPending(doc);
      })), 90000, `edits on ${id}`);

      const rest = await restGetDocument(nodes[1], collection, id);
      await waitUntil(() => docs.every((doc) => doc.version === rest.body.v), {
        timeoutMs: 20000, describe: () => `: versions ${docs.map((doc) => doc.version)} vs ${rest.body.v}`,
      });
      for (const doc of docs) assert.equal(doc.data, docs[0].data, `clients of ${id} diverged`);
      for (const node of nodes) {
        const viaNode = await restGetDocument(node, collection, id);
        assert.equal(viaNode.body.data, docs[0].data, `REST on ${node.name} differs for ${id}`);
      }
    }
  } finally {
    for (const client of clients) client.close();
  }
});

test('owner SIGKILL loses no acknowledged op', { timeout: 240000 }, async () => {
  const nodes = await startCluster({ name: 'failover', size: 3 });
  started.push(...nodes);
  const ids = await nodeIds(nodes);
  const collection = uniqueCollection('failover');
  const id = 'hot';

  const setup = await connect(nodes[0], { user: 'setup', transport: 'ws' });
  await createDoc(setup.connection.get(collection, id), '');
  setup.close();
  const owner = (await getWithHeaders(`${nodes[0].httpUrl}/api/v1/documents/${collection}/${id}`)).headers['x-tandem-owner'];
  const ownerIndex = ids.indexOf(owner);
  assert.ok(ownerIndex >= 0, `owner ${owner} is one of the nodes ${ids}`);
  const survivors = nodes.filter((_, i) => i !== ownerIndex);

  // Each typist inserts only its own letter, so counting letters in the end shows any lost or
  // doubled op: every typed letter must be there exactly once.
  const letters = ['x', 'y'];
  const typists = await Promise.all(survivors.map((node, i) => connect(node, { user: `typist${i}`, transport: 'ws' })));
  const docs = typists.map((client) => client.connection.get(collection, id));
  await Promise.all(docs.map((doc) => subscribeDoc(doc)));
  const perTypist = 60;
  let killed = false;
  try {
    await withTimeout(Promise.all(docs.map(async (doc, t) => {
      for (let i = 0; i < perTypist; i++) {
        const at = randomInt(codePointLength(doc.data) + 1);
        doc.submitOp(at === 0 ? [letters[t]] : [at, letters[t]]);
        if (t === 0 && i === 20 && !killed) {
          killed = true;
          await nodes[ownerIndex].kill();
        }
        await sleep(randomInt(40));
      }
      await nothingPending(doc);
    })), 150000, 'typing through the failover');

    const reader = await connect(survivors[0], { user: 'reader', transport: 'ws' });
    const fresh = reader.connection.get(collection, id);
    await fetchDoc(fresh);
    reader.close();
    for (let t = 0; t < letters.length; t++) {
      const count = [...fresh.data].filter((c) => c === letters[t]).length;
      assert.equal(count, perTypist, `typist ${t}'s letters in the final document`);
    }
    await waitUntil(() => docs.every((doc) => doc.version === fresh.version), { timeoutMs: 20000 });
    for (const doc of docs) assert.equal(doc.data, fresh.data, 'a typist diverged from a fresh fetch');

    const ops = await restGetOps(survivors[0], collection, id);
    const submissions = new Set();
    for (const op of ops) {
      const key = `${op.src}/${op.seq}`;
      assert.ok(!submissions.has(key), `op ${key} is stored twice`);
      submissions.add(key);
    }
    const newOwner = (await getWithHeaders(`${survivors[0].httpUrl}/api/v1/documents/${collection}/${id}`)).headers['x-tandem-owner'];
    assert.notEqual(newOwner, owner, 'a surviving node owns the document');
  } finally {
    for (const client of typists) client.close();
  }
});
