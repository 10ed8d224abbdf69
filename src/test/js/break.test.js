'use strict';
// Regression tests for hostile inputs: a deflate bomb, oversized messages and the error the client needs.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const WebSocket = require('ws');
const { startNode, httpGet, sleep } = require('./support/node');
const { connect } = require('./support/client');
const { uniqueCollection, callbackPromise, withTimeout } = require('./support/docs');

let node;
const collection = uniqueCollection('break');
before(async () => { node = await startNode({ name: 'break' }); });
after(async () => { if (node) await node.stop(); });

function openRaw(options) {
  const ws = new WebSocket(node.wsUrl('breaker'), options);
  ws.received = [];
  ws.on('message', (data) => ws.received.push(data.toString()));
  ws.closeInfo = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Polls /health/live until it returns 200 and returns the wait in milliseconds (Infinity after limitMs). */
async function millisUntilLive(limitMs) {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    try {
      const { status } = await httpGet(`${node.httpUrl}/health/live`, 1000);
      if (status === 200) return Date.now() - started;
    } catch (_) { /* timed out: the event loop is still busy */ }
    await sleep(200);
  }
  return Infinity;
}

// A few kilobytes of permessage-deflate can inflate to gigabytes on the event loop before any size
// limit applies, so the node rejects WebSocket compression. A 30 MB message then arrives as 30 MB,
// and the frame limit cuts it off without stalling anyone.
test('deflate bomb does not stall node', async () => {
  const ws = await openRaw({ perMessageDeflate: { threshold: 0 } });
  assert.equal(ws.extensions, '', 'no WebSocket compression is negotiated');
  ws.send(Buffer.alloc(30_000_000, 0x20), { binary: false }, () => {});
  const code = await Promise.race([ws.closeInfo, sleep(20000).then(() => 'still open')]);
  const waited = await millisUntilLive(60000);
  ws.terminate();
  assert.notEqual(code, 'still open', 'the oversized message closes the connection');
  assert.ok(waited < 2000, `/health/live answered again only after ${waited} ms`);
});

// docs/protocol.md: beyond four times the limit the transport closes the connection.
test('message over 4x limit closes the connection', async () => {
  const ws = await openRaw({});
  ws.send(`{"a":"op","c":"${collection}","d":"big","v":1,"seq":1,"op":["${'z'.repeat(4_300_000)}"]}`);
  const code = await Promise.race([ws.closeInfo, sleep(10000).then(() => 'still open')]);
  ws.terminate();
  assert.ok(code === 1009 || code === 1006, `close code ${code}`);
});

// The ERR_MESSAGE_TOO_LARGE reply is a bare {error} without a, c, d and seq, so the sharedb
// client logs "Ignoring unrecognized message" and drops it. The op then stays inflight, its
// callback never runs, and every later op on the document waits behind it and is never sent.
test('oversized op fails in sharedb client', async () => {
  const conn = await connect(node, { user: 'big' });
  try {
    const doc = conn.connection.get(collection, 'too-large');
    await callbackPromise((cb) => doc.create('hi', 'http://sharejs.org/types/text-unicode', cb));
    const rejected = await withTimeout(new Promise((resolve) => {
      doc.submitOp([2, 'q'.repeat(1_100_000)], (err) => resolve(err));
    }), 10000, 'callback of the oversized op').catch((err) => err);
    assert.equal(rejected && rejected.code, 'ERR_MESSAGE_TOO_LARGE', String(rejected && rejected.message));
    await withTimeout(callbackPromise((cb) => doc.submitOp([doc.data.length, '!'], cb)), 10000, 'next op');
    assert.equal(doc.data, 'hi!');
  } finally {
    conn.close();
  }
});
