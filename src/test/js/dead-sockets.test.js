'use strict';
// Sockets that die without a close frame. Clients on raw WebSocket, SockJS websocket and (with
// TANDEM_DEAD_SOCKET_XHR=1) SockJS xhr-streaming subscribe to a document and publish presence. Then half are cut at the TCP level
// (reset, or closed without a close frame) and the rest close normally. Within the SockJS session
// timeout plus one heartbeat, every connection, subscription, presence and event-bus consumer must
// be released, and the others must have seen each presence become null. The node's open file
// descriptors must end near their baseline. TANDEM_DEAD_SOCKET_ROUNDS and
// TANDEM_DEAD_SOCKET_CLIENTS scale the run (defaults: 3 rounds of 48 clients).
//
// NOTE: a client that goes silent with its TCP connection left open (a frozen laptop behind a NAT)
// is not covered: the node sends WebSocket transports no ping that needs an answer, so such a
// connection is released only when TCP gives up on it.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const { startNode, httpGet, sleep } = require('./support/node');
const { connect } = require('./support/client');
const { uniqueCollection, withTimeout, createDoc, subscribeDoc, waitUntil } = require('./support/docs');

const ROUNDS = Number(process.env.TANDEM_DEAD_SOCKET_ROUNDS || 3);
const CLIENTS = Number(process.env.TANDEM_DEAD_SOCKET_CLIENTS || 48);
const HEARTBEAT_MS = 1000;
const SESSION_TIMEOUT_MS = 3000;
const GAUGES = ['tandem_connections', 'tandem_session_subscriptions', 'tandem_session_presence_subscriptions',
  'tandem_session_presence_published', 'tandem_session_eventbus_consumers'];

let node;
const collection = uniqueCollection('dead');
before(async () => {
  node = await startNode({
    name: 'dead-sockets',
    env: {
      TANDEM_SOCKJS_HEARTBEAT_MILLIS: String(HEARTBEAT_MS),
      TANDEM_SOCKJS_SESSION_TIMEOUT_MILLIS: String(SESSION_TIMEOUT_MS),
      TANDEM_MAX_CONNECTIONS_PER_USER: '1000',
    },
  });
});
after(async () => { if (node) await node.stop(); });

/** A TCP relay on loopback in front of the node for one client, so that the test can cut it. */
class Relay {
  async start() {
    this.pairs = new Set();
    this.server = net.createServer((downstream) => {
      const upstream = net.connect(node.httpPort, '127.0.0.1');
      // A relay never keeps the test process alive on its own.
      downstream.unref();
      upstream.unref();
      const pair = { downstream, upstream };
      this.pairs.add(pair);
      downstream.pipe(upstream);
      upstream.pipe(downstream);
      const drop = () => { this.pairs.delete(pair); downstream.destroy(); upstream.destroy(); };
      downstream.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.server.unref();
    // The node seen through the relay: the same methods, another base URL.
    this.node = Object.create(node, { httpUrl: { value: `http://127.0.0.1:${this.server.address().port}` } });
    return this;
  }

  /** Cuts every TCP connection with a reset, or with a plain close when reset is false; no close frame is sent. */
  cut(reset) {
    this.server.close();
    for (const { downstream, upstream } of this.pairs) {
      if (reset) upstream.resetAndDestroy();
      else upstream.destroy();
      downstream.destroy();
    }
    this.pairs.clear();
  }

  close() {
    this.server.close();
  }
}

async function gauges() {
  const { body } = await httpGet(`${node.httpUrl}/metrics`);
  const values = {};
  for (const line of String(body).split('\n')) {
    const [name, value] = line.split(' ');
    if (GAUGES.includes(name)) values[name] = Number(value);
  }
  return values;
}

function openFileDescriptors() {
  return fs.readdirSync(`/proc/${node.process.pid}/fd`).length;
}

// NOTE: xhr-streaming clients are left out unless TANDEM_DEAD_SOCKET_XHR=1. In about one run in four
// with them, the test passes but afterwards the test process keeps a CPU busy and never exits
// (sockjs-client 1.6 in Node, after its streaming request was cut; not found yet), which would
// hang the whole suite.
const TRANSPORTS = process.env.TANDEM_DEAD_SOCKET_XHR === '1'
  ? ['sockjs-websocket', 'sockjs-websocket', 'xhr-streaming', 'ws']
  : ['sockjs-websocket', 'sockjs-websocket', 'ws', 'ws'];

test('connections cut without a close frame release their state', { timeout: 120000 + ROUNDS * 60000 }, async (t) => {
  const id = 'doc';
  const setup = await connect(node, { user: 'dead-setup', transport: 'ws' });
  await createDoc(setup.connection.get(collection, id), 'text');
  setup.close();
  await waitUntil(async () => (await gauges()).tandem_connections === 0, { timeoutMs: 10000 });
  const baselineDescriptors = openFileDescriptors();

  for (let round = 1; round <= ROUNDS; round++) {
    const watcher = await connect(node, { user: 'dead-watcher', transport: 'ws' });
    const watched = watcher.connection.getPresence(`${collection}.room`);
    const present = new Set();
    watched.on('receive', (presenceId, value) => (value == null ? present.delete(presenceId) : present.add(presenceId)));
    await new Promise((resolve, reject) => watched.subscribe((err) => (err ? reject(err) : resolve())));

    const clients = [];
    for (let i = 0; i < CLIENTS; i++) {
      const relay = await new Relay().start();
      const client = await connect(relay.node, { user: `dead-${round}-${i}`, transport: TRANSPORTS[i % TRANSPORTS.length] });
      clients.push({ relay, client, presenceId: `r${round}c${i}` });
    }
    await Promise.all(clients.map(async ({ client, presenceId }) => {
      await subscribeDoc(client.connection.get(collection, id));
      const room = client.connection.getPresence(`${collection}.room`);
      await new Promise((resolve, reject) => room.subscribe((err) => (err ? reject(err) : resolve())));
      const local = room.create(presenceId);
      await new Promise((resolve, reject) => local.submit({ round }, (err) => (err ? reject(err) : resolve())));
    }));
    await waitUntil(() => present.size === CLIENTS, {
      timeoutMs: 20000, describe: () => `round ${round}: watcher sees ${present.size} of ${CLIENTS} presences`,
    });

    // Half are reset or closed at the TCP level, alternately; the other half close normally.
    clients.forEach(({ relay, client }, i) => {
      if (i < CLIENTS / 2) relay.cut(i % 2 === 0);
      else client.close();
    });
    await waitUntil(() => present.size === 0, {
      timeoutMs: SESSION_TIMEOUT_MS + HEARTBEAT_MS + 10000,
      describe: () => `round ${round}: presences still shown: ${[...present].slice(0, 10)}`,
    });
    watcher.close();
    let last = {};
    await waitUntil(async () => {
      last = await gauges();
      return GAUGES.every((name) => last[name] === 0);
    }, { timeoutMs: SESSION_TIMEOUT_MS + HEARTBEAT_MS + 10000, describe: () => `round ${round}: gauges ${JSON.stringify(last)}` });
    // The cut clients' sockets are dead already; closing them stops their client-side timers.
    for (const { relay, client } of clients) {
      relay.close();
      client.close();
    }
    t.diagnostic(`round ${round}: ${CLIENTS} clients released; open descriptors ${openFileDescriptors()}`);
  }

  await sleep(500);
  const descriptors = openFileDescriptors();
  assert.ok(descriptors <= baselineDescriptors + 10,
    `open file descriptors ${descriptors}, baseline ${baselineDescriptors}`);
  assert.equal((await httpGet(`${node.httpUrl}/health/live`)).status, 200);
});
