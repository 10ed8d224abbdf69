'use strict';
// Concurrent formatted edits to a rich-text (Quill Delta) document converge on every client, and
// snapshots fetched by version match what a subscriber saw at that version.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const Delta = require('quill-delta');
const { startNode, sleep } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, fetchDoc, nothingPending, randomInt,
  restGetDocument, waitUntil, recordVersions, fetchSnapshot, sampleVersions,
} = require('./support/docs');

const RICH_TEXT = 'http://sharejs.org/types/rich-text/v1';
const EDITS_PER_CLIENT = 100;
const SAMPLED_VERSIONS = 12;
const CLIENTS = [
  { user: 'rich-ws-user', transport: 'ws' },
  { user: 'rich-sockjs-user', transport: 'sockjs-websocket' },
  { user: 'rich-polling-user', transport: 'xhr-polling' },
];
const TEXTS = ['a', 'xy', ' ', '\n', 'é', '😀'];
const FORMATS = [{ bold: true }, { bold: null }, { italic: true }, { header: 1 }, { color: '#06c' }];

let node;
before(async () => { node = await startNode({ name: 'rich-text' }); });
after(async () => { if (node) await node.stop(); });

/** Returns the document as a string of UTF-16 units, each embed as one placeholder unit. */
function flatten(delta) {
  return delta.ops.map((op) => (typeof op.insert === 'string' ? op.insert : '\ufffc')).join('');
}

/** Moves a position off the middle of a surrogate pair, which Tandem rejects. */
function boundary(flat, position) {
  const high = position > 0 && /[\ud800-\udbff]/.test(flat[position - 1]);
  return high && position < flat.length ? position + 1 : position;
}

/** Makes one random insert, format or delete that fits the client's current document. */
function randomDeltaOp(data) {
  const flat = flatten(new Delta(data));
  const start = boundary(flat, randomInt(flat.length));
  const end = boundary(flat, Math.min(flat.length - 1, start + 1 + randomInt(4)));
  const op = new Delta().retain(start);
  const choice = Math.random();
  if (choice < 0.4 || end <= start) {
    if (Math.random() < 0.1) op.insert({ image: 'p.png' });
    else op.insert(TEXTS[randomInt(TEXTS.length)], Math.random() < 0.5 ? FORMATS[randomInt(FORMATS.length)] : undefined);
  } else if (choice < 0.75) {
    op.retain(end - start, FORMATS[randomInt(FORMATS.length)]);
  } else {
    op.delete(end - start);
  }
  return op;
}

/**
 * Returns the document as Quill renders it: merged inserts without null attributes. Clients keep
 * the reference's null attributes on inserted text, which Tandem drops from the snapshot.
 */
function rendered(data) {
  const result = new Delta();
  for (const op of new Delta(data).ops) {
    const attributes = {};
    for (const [key, value] of Object.entries(op.attributes || {})) {
      if (value !== null) attributes[key] = value;
    }
    result.insert(op.insert, attributes);
  }
  return result.ops;
}

async function editRandomly(doc, count) {
  for (let i = 0; i < count; i++) {
    doc.submitOp(randomDeltaOp(doc.data));
    if (Math.random() < 0.3) await sleep(randomInt(8));
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await nothingPending(doc);
}

test('concurrent rich-text edits converge', { timeout: 180000 }, async () => {
  const collection = uniqueCollection('rich');
  const id = 'doc1';
  const clients = await Promise.all(CLIENTS.map((options) => connect(node, options)));
  const watcher = await connect(node, { user: 'rich-watcher', transport: 'ws' });
  try {
    const watched = watcher.connection.get(collection, id);
    const seen = await recordVersions(watched);
    const docs = clients.map((client) => client.connection.get(collection, id));
    await createDoc(docs[0], [{ insert: 'Title\n' }], RICH_TEXT);
    await Promise.all(docs.map((doc) => subscribeDoc(doc)));

    await withTimeout(Promise.all(docs.map((doc) => editRandomly(doc, EDITS_PER_CLIENT))), 150000, 'random edits');

    const rest = await restGetDocument(node, collection, id);
    assert.equal(rest.status, 200, `REST GET status, body ${JSON.stringify(rest.body)}`);
    const finalVersion = rest.body.v;
    await waitUntil(() => [...docs, watched].every((doc) => doc.version === finalVersion), {
      timeoutMs: 20000,
      describe: () => `: versions ${[...docs, watched].map((doc) => doc.version).join(', ')}, REST version ${finalVersion}`,
    });

    for (let i = 1; i < docs.length; i++) {
      assert.deepEqual(rendered(docs[i].data), rendered(docs[0].data), `${CLIENTS[i].transport} client differs`);
    }
    assert.deepEqual(rendered(rest.body.data), rendered(docs[0].data), 'REST document differs from the clients');
    assert.ok(!JSON.stringify(rest.body.data).includes('null'), 'REST snapshot contains a null attribute');

    const fresh = await connect(node, { user: 'rich-late-reader', transport: 'ws' });
    const freshDoc = fresh.connection.get(collection, id);
    await fetchDoc(freshDoc);
    assert.equal(freshDoc.version, finalVersion, 'fresh fetch version');
    assert.deepEqual(rendered(freshDoc.data), rendered(docs[0].data), 'fresh fetch document');
    fresh.close();

    // The subscriber's copies keep the null attributes of the reference, so both sides are
    // compared as Quill renders them.
    for (const version of [0, 1, finalVersion]) {
      assert.ok(seen.has(version), `subscriber recorded version ${version}`);
    }
    for (const version of sampleVersions(seen.keys(), SAMPLED_VERSIONS)) {
      const snapshot = await fetchSnapshot(watcher.connection, collection, id, version);
      assert.equal(snapshot.v, version, `version of the snapshot fetched at ${version}`);
      if (version === 0) {
        assert.equal(snapshot.type, null, 'snapshot at version 0 has no type');
        assert.equal(seen.get(0), undefined, 'subscriber saw no data at version 0');
        continue;
      }
      assert.deepEqual(rendered(snapshot.data), rendered(seen.get(version)),
        `snapshot at version ${version} differs from what the subscriber saw`);
    }

    for (const client of [...clients, watcher]) {
      assert.deepEqual(client.errors.map(String), [], `${client.transport} client errors`);
    }
  } finally {
    clients.forEach((client) => client.close());
    watcher.close();
  }
});
