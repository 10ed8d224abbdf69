'use strict';
// Notifications: stored in the inbox, pushed live through the event-bus bridge of any node, and
// detected once per mention. Two nodes in one cluster, dev auth mode (?user= and X-Tandem-User).

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { startCluster, startNode, sleep } = require('./support/node');
const { connect, TEXT_UNICODE } = require('./support/client');
const EventBus = require('@vertx/eventbus-bridge-client.js');
const { openBridge } = require('./support/bridge');
const {
  uniqueCollection, createDoc, submitOp, deleteDoc, fetchDoc, waitUntil, withTimeout,
} = require('./support/docs');

const RICH_TEXT = 'http://sharejs.org/types/rich-text/v1';
const collection = uniqueCollection('notify');
// User names are unique per run, because the inbox table is shared by every run on the database.
const run = crypto.randomBytes(3).toString('hex');
const userName = (name) => `${name}-${run}`;
const address = (user) => `tandem.notify.${user}`;
/** Time for a bridge registration to reach the other node's view of the cluster. */
const REGISTRATION_SETTLE_MS = 1000;

let nodes;
const clients = [];
const bridges = [];

// The tests start and restart their own cluster, which an external node (TANDEM_TEST_URL) cannot be.
const external = !!process.env.TANDEM_TEST_URL;

before(async () => {
  if (external) return;
  // Documents start private, so that a mention of a user without a grant must notify nobody.
  nodes = await startCluster({ name: 'notify', size: 2, env: { TANDEM_NEW_DOCUMENT_PUBLIC_ROLE: 'none' } });
});
after(async () => {
  for (const bridge of bridges) bridge.close();
  for (const client of clients) client.close();
  for (const node of nodes || []) await node.stop().catch(() => {});
});

async function rest(node, method, path, user, body) {
  const response = await fetch(`${node.httpUrl}${path}`, {
    method,
    headers: { 'X-Tandem-User': user, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), body: text ? JSON.parse(text) : null };
}

function share(node, docId, owner, user, role) {
  const path = `/api/v1/documents/${collection}/${docId}/acl/${encodeURIComponent(user)}`;
  return role ? rest(node, 'PUT', path, owner, { role }) : rest(node, 'DELETE', path, owner);
}

async function inbox(node, user, query = '') {
  const res = await rest(node, 'GET', `/api/v1/notifications${query}`, user);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

async function connectAs(node, user) {
  const client = await connect(node, { user });
  clients.push(client);
  return client;
}

async function bridgeFor(node, user, options) {
  const bridge = await openBridge(node, `user=${encodeURIComponent(user)}`, options);
  bridges.push(bridge);
  bridge.register(address(user));
  await sleep(REGISTRATION_SETTLE_MS);
  return bridge;
}

/** Types `text` into a text-unicode doc one code point per op, each acknowledged before the next. */
async function typeSlowly(doc, position, text) {
  let at = position;
  for (const char of text) {
    await submitOp(doc, at === 0 ? [char] : [at, char]);
    at += 1;
  }
}

test('grant changes pushed across nodes', { skip: external, timeout: 120000 }, async () => {
  const alice = userName('alice');
  const bob = userName('bob');
  // The browser client of the bridge, as the README shows it.
  const bus = new EventBus(`${nodes[0].httpUrl}/eventbus?user=${encodeURIComponent(bob)}`);
  const pushed = [];
  const busErrors = [];
  bus.onerror = (err) => busErrors.push(err);
  await withTimeout(new Promise((resolve) => { bus.onopen = resolve; }), 15000, 'event bus open');
  bridges.push(bus);
  bus.registerHandler(address(bob), (err, message) => (err ? busErrors.push(err) : pushed.push(message.body)));
  await sleep(REGISTRATION_SETTLE_MS);
  const writer = await connectAs(nodes[1], alice);
  await createDoc(writer.connection.get(collection, 'shared'), 'hello');

  assert.equal((await share(nodes[1], 'shared', alice, bob, 'editor')).status, 204);
  assert.equal((await share(nodes[1], 'shared', alice, bob, 'viewer')).status, 204);
  assert.equal((await share(nodes[1], 'shared', alice, bob, 'viewer')).status, 204);
  assert.equal((await share(nodes[1], 'shared', alice, bob, null)).status, 204);
  await waitUntil(() => pushed.length >= 3, { describe: () => JSON.stringify(pushed) });
  await sleep(500);

  assert.deepEqual(pushed.map((n) => n.kind), ['shared', 'role_changed', 'unshared']);
  assert.deepEqual(pushed.map((n) => [n.previousRole, n.role]), [[undefined, 'editor'], ['editor', 'viewer'], ['viewer', undefined]]);
  assert.ok(pushed.every((n) => n.actor === alice && n.collection === collection && n.docId === 'shared'));
  assert.ok(pushed.every((n) => Number.isInteger(n.id) && n.read === false));
  assert.deepEqual(busErrors, []);
  const stored = await inbox(nodes[0], bob);
  assert.deepEqual(stored.notifications.map((n) => n.id), pushed.map((n) => n.id).reverse());
});

test('typed mention notifies once', { skip: external, timeout: 180000 }, async () => {
  const alice = userName('alice');
  const bob = userName('bob');
  const bridge = await bridgeFor(nodes[0], bob, { transport: 'xhr-streaming' });
  const writer = await connectAs(nodes[1], alice);
  const doc = writer.connection.get(collection, 'typed');
  await createDoc(doc, 'Hi ');
  assert.equal((await share(nodes[1], 'typed', alice, bob, 'viewer')).status, 204);

  await typeSlowly(doc, 3, `@${bob} and @${alice} `);
  await waitUntil(() => bridge.bodies(address(bob)).some((n) => n.kind === 'mentioned'),
    { describe: () => JSON.stringify(bridge.received) });
  await sleep(1000);

  const mentions = bridge.bodies(address(bob)).filter((n) => n.kind === 'mentioned');
  assert.equal(mentions.length, 1);
  assert.equal(mentions[0].docId, 'typed');
  assert.equal(mentions[0].actor, alice);
  assert.equal(mentions[0].version, bob.length + 2);
  const self = (await inbox(nodes[1], alice)).notifications.filter((n) => n.docId === 'typed');
  assert.deepEqual(self, []);

  // Restarting both nodes makes the new owner load the document from the op log. Neither that
  // replay nor a later edit may detect the mention again.
  writer.close();
  await nodes[0].restart();
  await nodes[1].restart();
  const again = await connectAs(nodes[0], alice);
  const reloaded = again.connection.get(collection, 'typed');
  await fetchDoc(reloaded);
  await submitOp(reloaded, [reloaded.data.length, '!']);
  await sleep(1000);

  const stored = (await inbox(nodes[1], bob)).notifications.filter((n) => n.docId === 'typed' && n.kind === 'mentioned');
  assert.equal(stored.length, 1);
  assert.equal(reloaded.data, `Hi @${bob} and @${alice} !`);
});

test('offline user reads and marks inbox', { skip: external, timeout: 120000 }, async () => {
  const alice = userName('alice');
  const carol = userName('carol');
  const dave = userName('dave');
  const writer = await connectAs(nodes[1], alice);
  const doc = writer.connection.get(collection, 'offline');
  await createDoc(doc, [{ insert: 'Notes\n' }], RICH_TEXT);
  assert.equal((await share(nodes[1], 'offline', alice, carol, 'editor')).status, 204);
  await submitOp(doc, [{ retain: 5 }, { insert: { mention: { index: '0', denotationChar: '@', id: carol, value: 'Carol' } } },
    { insert: { mention: { index: '1', denotationChar: '@', id: dave, value: 'Dave' } } }]);
  await waitUntil(async () => (await inbox(nodes[0], carol)).notifications.length === 2);

  const all = await inbox(nodes[0], carol, '?unread=true');
  assert.deepEqual(all.notifications.map((n) => n.kind), ['mentioned', 'shared']);
  const firstPage = await inbox(nodes[0], carol, '?limit=1');
  const secondPage = await inbox(nodes[0], carol, `?limit=1&cursor=${firstPage.cursor}`);
  assert.deepEqual([...firstPage.notifications, ...secondPage.notifications].map((n) => n.id), all.notifications.map((n) => n.id));
  assert.equal(secondPage.cursor, undefined);
  assert.deepEqual((await inbox(nodes[0], dave)).notifications, [], 'dave cannot read the document, so his mention is dropped');

  const foreign = await rest(nodes[0], 'POST', '/api/v1/notifications/read', dave, { ids: [all.notifications[0].id] });
  const marked = await rest(nodes[0], 'POST', '/api/v1/notifications/read', carol, { ids: [all.notifications[0].id] });
  const unread = await inbox(nodes[1], carol, '?unread=true');
  const everything = await inbox(nodes[1], carol, '?unread=false');
  const markedAll = await rest(nodes[1], 'POST', '/api/v1/notifications/read', carol, { all: true });
  const unreadAfterAll = await inbox(nodes[1], carol, '?unread=true');
  const invalid = await rest(nodes[1], 'POST', '/api/v1/notifications/read', carol, { ids: ['x'] });
  const invalidQuery = await rest(nodes[1], 'GET', '/api/v1/notifications?unread=maybe', carol);

  assert.deepEqual(foreign.body, { marked: 0 });
  assert.deepEqual(marked.body, { marked: 1 });
  assert.deepEqual(unread.notifications.map((n) => n.kind), ['shared']);
  assert.deepEqual(everything.notifications.map((n) => n.read), [true, false]);
  assert.deepEqual(markedAll.body, { marked: 1 });
  assert.deepEqual(unreadAfterAll.notifications, []);
  assert.equal(invalid.status, 400);
  assert.equal(invalid.type, 'application/problem+json');
  assert.equal(invalidQuery.status, 400);
});

test('owners notified of delete and restore', { skip: external, timeout: 120000 }, async () => {
  const alice = userName('alice');
  const erin = userName('erin');
  const owner = await connectAs(nodes[0], alice);
  await createDoc(owner.connection.get(collection, 'lifecycle'), 'draft');
  assert.equal((await share(nodes[0], 'lifecycle', alice, erin, 'owner')).status, 204);
  const other = await connectAs(nodes[1], erin);
  const doc = other.connection.get(collection, 'lifecycle');
  await fetchDoc(doc);

  await deleteDoc(doc);
  await createDoc(doc, 'again');
  await waitUntil(async () => (await inbox(nodes[0], alice)).notifications.filter((n) => n.docId === 'lifecycle').length >= 2);
  await sleep(500);

  const aliceSees = (await inbox(nodes[0], alice)).notifications.filter((n) => n.docId === 'lifecycle');
  const erinSees = (await inbox(nodes[0], erin)).notifications.filter((n) => n.docId === 'lifecycle');
  assert.deepEqual(aliceSees.map((n) => [n.kind, n.actor, n.version]), [['restored', erin, 2], ['deleted', erin, 1]]);
  assert.deepEqual(erinSees.map((n) => n.kind), ['shared']);
});

test('bridge rejects foreign addresses and sends', { skip: external, timeout: 120000 }, async () => {
  const alice = userName('alice');
  const bob = userName('bob');
  const mallory = userName('mallory');
  const spy = await openBridge(nodes[0], `user=${mallory}`);
  bridges.push(spy);
  const victim = await bridgeFor(nodes[0], bob);

  spy.register(address(bob));
  spy.register('tandem.acl.changed');
  spy.send(address(mallory), { kind: 'forged' });
  spy.publish(address(bob), { kind: 'forged' });
  spy.send('tandem.notification.events', { event: 'grant' });
  await waitUntil(() => spy.errors.length >= 5, { describe: () => JSON.stringify(spy.errors) });
  const writer = await connectAs(nodes[1], alice);
  await createDoc(writer.connection.get(collection, 'spied'), 'secret');
  assert.equal((await share(nodes[1], 'spied', alice, bob, 'viewer')).status, 204);
  await waitUntil(() => victim.bodies(address(bob)).some((n) => n.docId === 'spied'));
  await sleep(500);

  assert.deepEqual(spy.received, []);
  assert.ok(spy.errors.every((frame) => ['access_denied', 'rejected'].includes(frame.body)), JSON.stringify(spy.errors));
  assert.ok(victim.bodies(address(bob)).every((n) => n.kind !== 'forged'));
});

test('bridge requires a valid token', { skip: external, timeout: 120000 }, async () => {
  const secret = 'tandem-notify-test-secret-of-at-least-32-bytes';
  const node = await startNode({
    name: 'notify-jwt',
    env: { TANDEM_AUTH_MODE: 'jwt', TANDEM_JWT_SECRET: secret, TANDEM_JWT_CLOCK_SKEW: '0' },
  });
  const sign = (sub, lifetimeSeconds) => {
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub, iat: now, exp: now + lifetimeSeconds })}`;
    return `${unsigned}.${crypto.createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
  };
  try {
    const token = sign('frank', 3600);
    const forgedToken = `${token.slice(0, token.lastIndexOf('.'))}.AAAA`;

    const missing = await fetch(`${node.httpUrl}/eventbus/info`);
    const forged = await fetch(`${node.httpUrl}/eventbus/info?access_token=${forgedToken}`);
    const devName = await fetch(`${node.httpUrl}/eventbus/info?user=frank`);
    const valid = await fetch(`${node.httpUrl}/eventbus/info?access_token=${token}`);
    const shortLived = await openBridge(node, `access_token=${sign('grace', 3)}`);
    bridges.push(shortLived);
    await waitUntil(() => shortLived.closed !== null, { timeoutMs: 15000, describe: () => 'bridge socket still open' });

    assert.equal(missing.status, 401);
    assert.equal(forged.status, 401);
    assert.equal(devName.status, 401);
    assert.equal(valid.status, 200);
    // Vert.x's SockJS session closes every socket with 3000 "Go away!", whatever status is given.
    assert.equal(shortLived.closed.code, 3000);
  } finally {
    await node.stop();
  }
});
