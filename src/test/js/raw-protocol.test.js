'use strict';
// Message shapes on the wire, checked with a plain WebSocket and no sharedb client.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const WebSocket = require('ws');
const { startNode } = require('./support/node');
const { TEXT_UNICODE } = require('./support/client');
const { uniqueCollection, restGetDocument, restGetOps } = require('./support/docs');

let node;
const collection = uniqueCollection('raw');
before(async () => { node = await startNode({ name: 'raw' }); });
after(async () => { if (node) await node.stop(); });

/** A WebSocket that queues the JSON messages it receives so tests can await them in order. */
class RawSocket {
  static async open(user = 'raw') {
    const socket = new RawSocket(new WebSocket(node.wsUrl(user)));
    await new Promise((resolve, reject) => {
      socket.ws.once('open', resolve);
      socket.ws.once('error', reject);
    });
    return socket;
  }

  constructor(ws) {
    this.ws = ws;
    this.queue = [];
    this.waiters = [];
    ws.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(data.toString());
      } catch (err) {
        message = { unparsable: data.toString() };
      }
      this.queue.push(message);
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  send(message) {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first queued message matching predicate, removing it from the queue. */
  async next(predicate = () => true, timeoutMs = 10000, what = 'message') {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.queue.findIndex(predicate);
      if (index >= 0) return this.queue.splice(index, 1)[0];
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; received ${JSON.stringify(this.queue)}`);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
  }

  /** Reads the greeting and completes the handshake, adopting `previousId` when given. */
  async handshake(previousId = null) {
    const init = await this.next((m) => m.a === 'init', 10000, 'init greeting');
    this.send({ a: 'hs', id: previousId, protocol: 1, protocolMinor: 2 });
    const hs = await this.next((m) => m.a === 'hs', 10000, 'hs reply');
    return { init, hs };
  }

  close() {
    this.ws.terminate();
  }
}

const isReplyTo = (action, id, seq) => (m) => m.a === action && m.d === id && (seq == null || m.seq === seq);

test('init greeting and hs reply', { timeout: 20000 }, async () => {
  const socket = await RawSocket.open();
  try {
    const { init, hs } = await socket.handshake();
    assert.equal(init.protocol, 1, 'init protocol');
    assert.equal(init.protocolMinor, 2, 'init protocolMinor');
    assert.equal(typeof init.id, 'string', 'init id');
    assert.ok(init.id.length > 0, 'init id is not empty');
    assert.equal(typeof init.type, 'string', 'init default type');
    assert.equal(hs.protocol, 1, 'hs protocol');
    assert.equal(hs.protocolMinor, 2, 'hs protocolMinor');
    assert.equal(typeof hs.id, 'string', 'hs id');
  } finally {
    socket.close();
  }
});

test('ack carries src, seq and v', { timeout: 20000 }, async () => {
  const id = 'ack-shape';
  const socket = await RawSocket.open();
  try {
    const { hs } = await socket.handshake();
    socket.send({ a: 'op', c: collection, d: id, v: 0, seq: 1, create: { type: TEXT_UNICODE, data: 'abc' } });
    const createAck = await socket.next(isReplyTo('op', id, 1), 10000, 'create ack');
    assert.equal(createAck.error, undefined, `create ack error: ${JSON.stringify(createAck.error)}`);
    assert.equal(createAck.src, hs.id, 'create ack src');
    assert.equal(createAck.v, 0, 'create ack version');
    assert.equal(createAck.c, collection, 'create ack collection');

    socket.send({ a: 'op', c: collection, d: id, v: 1, seq: 2, op: [3, 'd'] });
    const opAck = await socket.next(isReplyTo('op', id, 2), 10000, 'op ack');
    assert.equal(opAck.error, undefined, `op ack error: ${JSON.stringify(opAck.error)}`);
    assert.equal(opAck.src, hs.id, 'op ack src');
    assert.equal(opAck.v, 1, 'op ack version');
    assert.equal(opAck.op, undefined, 'an ack carries no op');
  } finally {
    socket.close();
  }
});

test('resent op is acked once, applied once', { timeout: 20000 }, async () => {
  const id = 'resend';
  const first = await RawSocket.open();
  const { hs } = await first.handshake();
  const src = hs.id;
  first.send({ a: 'op', c: collection, d: id, v: 0, seq: 1, create: { type: TEXT_UNICODE, data: '' } });
  await first.next(isReplyTo('op', id, 1), 10000, 'create ack');
  first.send({ a: 'op', c: collection, d: id, v: 1, seq: 2, op: ['once'] });
  const ack = await first.next(isReplyTo('op', id, 2), 10000, 'op ack');
  assert.equal(ack.v, 1, 'first ack version');
  first.close();

  // Another client commits an op in between, so the resend has to be matched across versions.
  const other = await RawSocket.open('other');
  await other.handshake();
  other.send({ a: 'op', c: collection, d: id, v: 2, seq: 1, op: [4, '!'] });
  const otherAck = await other.next(isReplyTo('op', id, 1), 10000, 'other ack');
  assert.equal(otherAck.v, 2, 'other ack version');
  other.close();

  const second = await RawSocket.open();
  try {
    const { hs: resumed } = await second.handshake(src);
    assert.equal(resumed.id, src, 'hs with a previous id adopts it as src');
    second.send({ a: 'op', c: collection, d: id, v: 1, src, seq: 2, op: ['once'] });
    const resendAck = await second.next(isReplyTo('op', id, 2), 10000, 'ack of the resend');
    assert.equal(resendAck.error, undefined, `resend error: ${JSON.stringify(resendAck.error)}`);
    assert.equal(resendAck.v, 1, 'resend is acked with its original version');
    assert.equal(resendAck.src, src, 'resend ack src');

    const rest = await restGetDocument(node, collection, id);
    assert.equal(rest.body.data, 'once!', 'text shows one application');
    assert.equal(rest.body.v, 3, 'version shows one application');
    const ops = await restGetOps(node, collection, id, 0);
    const copies = ops.filter((op) => op.src === src && op.seq === 2);
    assert.equal(copies.length, 1, `op log entries for seq 2: ${JSON.stringify(ops)}`);
  } finally {
    second.close();
  }
});

const BAD_MESSAGES = [
  { name: 'malformed JSON', frame: '{"a": "op", ', code: 'ERR_MESSAGE_BADLY_FORMED' },
  { name: 'JSON array frame', frame: '[1, 2, 3]', code: 'ERR_MESSAGE_BADLY_FORMED' },
  { name: 'op without c or d', frame: '{"a":"op"}', code: 'ERR_MESSAGE_BADLY_FORMED' },
  { name: 'unknown action', frame: '{"a":"frobnicate","c":"x","d":"y"}', code: 'ERR_MESSAGE_BADLY_FORMED' },
  { name: 'base version ahead', frame: (c, d) => JSON.stringify({ a: 'op', c, d, v: 99, seq: 7, op: [0, 'x'] }), code: 'ERR_OP_VERSION_NEWER_THAN_CURRENT_SNAPSHOT' },
];

for (const bad of BAD_MESSAGES) {
  test(`${bad.name} gets an error reply`, { timeout: 20000 }, async () => {
    const id = `bad-${bad.name.replace(/\W+/g, '-')}`;
    const socket = await RawSocket.open();
    try {
      await socket.handshake();
      socket.send({ a: 'op', c: collection, d: id, v: 0, seq: 1, create: { type: TEXT_UNICODE, data: 'ok' } });
      await socket.next(isReplyTo('op', id, 1), 10000, 'create ack');

      socket.send(typeof bad.frame === 'function' ? bad.frame(collection, id) : bad.frame);
      const reply = await socket.next((m) => m.error != null, 10000, `error reply to ${bad.name}`);
      assert.equal(reply.error.code, bad.code, `error code, reply ${JSON.stringify(reply)}`);
      assert.equal(typeof reply.error.message, 'string', 'error message');
      assert.ok(reply.error.message.length > 0, 'error message is not empty');

      socket.send({ a: 'op', c: collection, d: id, v: 1, seq: 8, op: [2, '!'] });
      const ack = await socket.next(isReplyTo('op', id, 8), 10000, `ack of a valid op after ${bad.name}`);
      assert.equal(ack.error, undefined, `valid op after ${bad.name} failed: ${JSON.stringify(ack.error)}`);
      assert.equal(ack.v, 1, 'valid op version');
      const rest = await restGetDocument(node, collection, id);
      assert.equal(rest.body.data, 'ok!', 'text after the valid op');
    } finally {
      socket.close();
    }
  });
}
