'use strict';
// Every acknowledged op survives a node restart, after SIGTERM and after SIGKILL.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode, sleep } = require('./support/node');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, nothingPending, callbackPromise,
  restGetDocument, restGetOps,
} = require('./support/docs');

const TEXT = 'Acknowledged means stored: 🗄️ every op that got an ack must come back after a restart. ';

let node;
before(async () => { node = await startNode({ name: 'restart' }); });
after(async () => { if (node) await node.stop(); });

/** Builds the op that appends one character to the doc's current text. */
function appendOp(doc, char) {
  const end = [...doc.data].length;
  return end === 0 ? [char] : [end, char];
}

/** Records every ack {seq, v} that the server sends to this client for its own ops. */
function recordAcks(client) {
  const acks = [];
  client.connection.on('receive', (request) => {
    const message = request.data;
    const isAck = message && message.a === 'op' && message.src === client.id &&
      !message.error && !('op' in message) && !message.create && !message.del;
    if (isAck) acks.push({ seq: message.seq, v: message.v });
  });
  return acks;
}

for (const signal of ['SIGTERM', 'SIGKILL']) {
  test(`acked ops survive ${signal} restart`, { timeout: 180000 }, async (t) => {
    if (!node.restartable) return t.skip('TANDEM_TEST_URL names an external node that cannot be restarted');
    const collection = uniqueCollection('restart');
    const id = `after-${signal}`;
    const client = await connect(node, { user: 'writer', transport: 'ws' });
    try {
      const doc = client.connection.get(collection, id);
      await createDoc(doc, '');
      await subscribeDoc(doc);
      const acks = recordAcks(client);

      // Type half the text with every op acknowledged, then keep typing without waiting while
      // the node goes down, so some ops are in flight at the stop.
      const chars = [...TEXT];
      const half = Math.floor(chars.length / 2);
      const textAtAck = new Map(); // version after an acked op -> client text then
      for (let i = 0; i < half; i++) {
        await callbackPromise((cb) => doc.submitOp(appendOp(doc, chars[i]), cb));
        textAtAck.set(doc.version, doc.data);
      }
      for (let i = half; i < half + 5; i++) doc.submitOp(appendOp(doc, chars[i]));
      const ackedBeforeStop = acks.slice();
      const exit = await node.restart({ signal });
      if (signal === 'SIGTERM') {
        assert.ok(!exit.forced, `node did not exit within 30 s of SIGTERM (log ${node.logPath})`);
      }

      const rest = await restGetDocument(node, collection, id);
      assert.equal(rest.status, 200, `REST GET after restart: ${JSON.stringify(rest.body)}`);
      const lastAcked = Math.max(...ackedBeforeStop.map((ack) => ack.v));
      assert.ok(rest.body.v >= lastAcked + 1, `version ${rest.body.v} after restart, last acked op was at ${lastAcked}`);
      const ops = await restGetOps(node, collection, id, 0);
      for (const ack of ackedBeforeStop) {
        const stored = ops.find((op) => op.v === ack.v);
        assert.ok(stored, `acked op seq ${ack.seq} at version ${ack.v} missing after restart`);
        assert.equal(stored.src, client.id, `src of the op at version ${ack.v}`);
        assert.equal(stored.seq, ack.seq, `seq of the op at version ${ack.v}`);
      }
      const typedSoFar = chars.slice(0, half + 5).join('');
      assert.ok(rest.body.data.startsWith(chars.slice(0, half).join('')), `text after restart lost acked ops: ${JSON.stringify(rest.body.data)}`);
      assert.ok(typedSoFar.startsWith(rest.body.data), `text after restart is not a prefix of the typed text: ${JSON.stringify(rest.body.data)}`);

      // The client reconnects to the restarted node and resends what was not acknowledged.
      await client.whenDisconnected();
      await client.reconnect();
      for (let i = half + 5; i < chars.length; i++) doc.submitOp(appendOp(doc, chars[i]));
      await withTimeout(nothingPending(doc), 30000, 'acks after the restart');
      await sleep(100);
      const final = await restGetDocument(node, collection, id);
      assert.equal(final.body.data, TEXT, 'text after reconnecting to the restarted node');
      assert.equal(doc.data, TEXT, 'client text after reconnecting');
      assert.equal(final.body.v, doc.version, 'REST version equals the client version');
      for (const [version, text] of textAtAck) {
        const snapshot = await callbackPromise((cb) => client.connection.fetchSnapshot(collection, id, version, cb));
        assert.equal(snapshot.data, text, `snapshot at acked version ${version}`);
      }
    } finally {
      client.close();
    }
  });
}
