'use strict';
// Large ops over every transport: under the documented limits (1 MiB per message, 512 KiB per op)
// they commit and reach every subscriber, with no lower frame or message limit of Vert.x in the
// way; over the op limit the client gets ERR_OP_TOO_LARGE on an open connection and nothing is
// applied.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, submitOp, restGetDocument, restGetOps, waitUntil,
} = require('./support/docs');

const ASCII_CHARS = 300_000;
const EMOJI_CHARS = 70_000;

let node;
const collection = uniqueCollection('large');
before(async () => { node = await startNode({ name: 'large-ops' }); });
after(async () => { if (node) await node.stop(); });

/** Opens a writer over WebSocket, one over SockJS xhr-streaming, and a subscriber on each transport. */
async function openClients() {
  return {
    wsWriter: await connect(node, { user: 'large-ws-writer', transport: 'ws' }),
    streamingWriter: await connect(node, { user: 'large-streaming-writer', transport: 'xhr-streaming' }),
    wsReader: await connect(node, { user: 'large-ws-reader', transport: 'ws' }),
    streamingReader: await connect(node, { user: 'large-streaming-reader', transport: 'xhr-streaming' }),
  };
}

function closeAll(clients) {
  for (const client of Object.values(clients)) client.close();
}

test('300,000 ASCII then 70,000 emoji reach both transports', { timeout: 90000 }, async () => {
  const clients = await openClients();
  try {
    const id = 'under-limit';
    const ws = clients.wsWriter.connection.get(collection, id);
    const streaming = clients.streamingWriter.connection.get(collection, id);
    const readers = [clients.wsReader, clients.streamingReader].map((c) => c.connection.get(collection, id));
    await createDoc(ws, '');
    await subscribeDoc(streaming);
    await Promise.all(readers.map(subscribeDoc));
    const ascii = 'a'.repeat(ASCII_CHARS);
    const emoji = '😀'.repeat(EMOJI_CHARS);

    await withTimeout(submitOp(ws, [ascii]), 30000, 'ASCII op');
    await waitUntil(() => streaming.version === 2, { timeoutMs: 30000, describe: () => `streaming writer at v${streaming.version}` });
    await withTimeout(submitOp(streaming, [ASCII_CHARS, emoji]), 30000, 'emoji op');

    await waitUntil(() => readers.every((doc) => doc.version === 3), {
      timeoutMs: 30000,
      describe: () => `reader versions ${readers.map((doc) => doc.version)}`,
    });
    for (const doc of readers) assert.ok(doc.data === ascii + emoji, `reader text of ${doc.data.length} UTF-16 units`);
    const rest = await restGetDocument(node, collection, id);
    assert.equal(rest.body.v, 3);
    assert.ok(rest.body.data === ascii + emoji, 'REST snapshot is both inserts');
  } finally {
    closeAll(clients);
  }
});

test('ops over the op limit get ERR_OP_TOO_LARGE and change nothing', { timeout: 90000 }, async () => {
  const clients = await openClients();
  try {
    const id = 'over-limit';
    const ws = clients.wsWriter.connection.get(collection, id);
    const streaming = clients.streamingWriter.connection.get(collection, id);
    const readers = [clients.wsReader, clients.streamingReader].map((c) => c.connection.get(collection, id));
    await createDoc(ws, 'start');
    await subscribeDoc(streaming);
    await Promise.all(readers.map(subscribeDoc));
    const delivered = [];
    for (const doc of readers) doc.on('op', (op) => delivered.push(op));

    // 600,000 bytes of op in a message under the 1 MiB message limit.
    const asciiError = await withTimeout(submitOp(ws, [5, 'b'.repeat(600_000)]).then(() => null, (err) => err),
      30000, 'oversized ASCII op');
    // 140,000 emoji are 280,000 UTF-16 units but 560,000 bytes of UTF-8.
    const emojiError = await withTimeout(submitOp(streaming, [5, '😀'.repeat(140_000)]).then(() => null, (err) => err),
      30000, 'oversized emoji op');

    assert.equal(asciiError && asciiError.code, 'ERR_OP_TOO_LARGE', String(asciiError && asciiError.message));
    assert.equal(emojiError && emojiError.code, 'ERR_OP_TOO_LARGE', String(emojiError && emojiError.message));
    assert.equal(ws.data, 'start', 'the WebSocket writer rolled its op back');
    assert.equal(streaming.data, 'start', 'the streaming writer rolled its op back');
    for (const client of Object.values(clients)) assert.equal(client.connection.state, 'connected');
    assert.equal((await restGetOps(node, collection, id)).length, 1, 'only the create is in the op log');

    await withTimeout(submitOp(ws, [5, '!']), 10000, 'small op after the rejection');
    await waitUntil(() => streaming.version === 2, { timeoutMs: 10000, describe: () => `streaming writer at v${streaming.version}` });
    await withTimeout(submitOp(streaming, [6, '?']), 10000, 'small op over streaming after the rejection');
    await waitUntil(() => readers.every((doc) => doc.version === 3), {
      timeoutMs: 10000,
      describe: () => `reader versions ${readers.map((doc) => doc.version)}`,
    });
    assert.deepEqual(readers.map((doc) => doc.data), ['start!?', 'start!?']);
    assert.equal(delivered.length, 4, 'each reader saw only the two small ops');
    const rest = await restGetDocument(node, collection, id);
    assert.deepEqual({ v: rest.body.v, data: rest.body.data }, { v: 3, data: 'start!?' });
  } finally {
    closeAll(clients);
  }
});
