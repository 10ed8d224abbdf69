'use strict';
// Authentication and access control through the real sharedb client, on a node in jwt mode:
// the browser way of passing a token, and a denied op rolled back by the client.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const WebSocket = require('ws');
const SockJS = require('sockjs-client');
const { startNode } = require('./support/node');
const { ShareDB, TEXT_UNICODE } = require('./support/client');
const { uniqueCollection, callbackPromise, withTimeout } = require('./support/docs');

const SECRET = 'tandem-js-test-secret-of-at-least-32-bytes';
const collection = uniqueCollection('auth');
let node;

/** Signs an HS256 JSON Web Token for `sub`, valid for an hour. */
function token(sub) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub, iat: now, exp: now + 3600 })}`;
  const signature = crypto.createHmac('sha256', SECRET).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** Opens a sharedb connection the way a browser can: the token as a WebSocket subprotocol. */
async function connectAs(user) {
  const socket = new WebSocket(`${node.httpUrl.replace(/^http/, 'ws')}/sharedb`, ['sharedb', `access_token.${token(user)}`]);
  const connection = new ShareDB.Connection(socket);
  await withTimeout(new Promise((resolve, reject) => {
    connection.on('connected', resolve);
    socket.on('error', reject);
  }), 15000, `connection of ${user}`);
  return { connection, socket };
}

async function rest(method, path, user, body) {
  const response = await fetch(`${node.httpUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token(user)}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.status;
}

before(async () => {
  node = await startNode({ name: 'auth', env: { TANDEM_AUTH_MODE: 'jwt', TANDEM_JWT_SECRET: SECRET } });
});
after(async () => {
  if (node) await node.stop();
});

test('browser subprotocol token selects sharedb', { skip: !!process.env.TANDEM_TEST_URL, timeout: 30000 }, async () => {
  const { connection, socket } = await connectAs('ada');
  try {
    const doc = connection.get(collection, 'subprotocol');
    await callbackPromise((cb) => doc.create('hello', TEXT_UNICODE, cb));

    assert.equal(socket.protocol, 'sharedb');
    assert.equal(doc.version, 1);
  } finally {
    connection.close();
  }
});

test('viewer op is rejected and rolled back', { skip: !!process.env.TANDEM_TEST_URL, timeout: 30000 }, async () => {
  const owner = await connectAs('owner');
  const viewer = await connectAs('viewer');
  try {
    const mine = owner.connection.get(collection, 'shared');
    await callbackPromise((cb) => mine.create('abc', TEXT_UNICODE, cb));
    assert.equal(await rest('PUT', `/api/v1/documents/${collection}/shared/acl/viewer`, 'owner', { role: 'viewer' }), 204);
    const theirs = viewer.connection.get(collection, 'shared');
    await callbackPromise((cb) => theirs.subscribe(cb));

    const rejected = await callbackPromise((cb) => theirs.submitOp([3, '!'], cb)).then(() => null, (err) => err);
    await callbackPromise((cb) => mine.fetch(cb));

    assert.equal(rejected && rejected.code, 'ERR_OP_SUBMIT_UNAUTHORIZED');
    assert.equal(theirs.data, 'abc', 'the viewer\'s document is rolled back');
    assert.equal(mine.data, 'abc', 'the document is unchanged');
    assert.equal(mine.version, 1);
  } finally {
    owner.connection.close();
    viewer.connection.close();
  }
});

test('SockJS connects with the access_token parameter', { skip: !!process.env.TANDEM_TEST_URL, timeout: 30000 }, async () => {
  const socket = new SockJS(`${node.httpUrl}/sockjs?access_token=${token('sockjs-user')}`, null, { transports: ['xhr-streaming'] });
  const connection = new ShareDB.Connection(socket);
  try {
    await withTimeout(new Promise((resolve) => connection.on('connected', resolve)), 15000, 'SockJS connection');
    const doc = connection.get(collection, 'sockjs');
    await callbackPromise((cb) => doc.create('via sockjs', TEXT_UNICODE, cb));

    assert.equal(doc.version, 1);
  } finally {
    connection.close();
  }
});
