'use strict';
// A two-node cluster types on while its own PostgreSQL restarts and its own Redis is killed and
// restarted. No op is acknowledged before it is stored, nothing is lost or applied twice, and the
// Redis cache refills once Redis is back.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const net = require('node:net');
const { startCluster, sleep } = require('./support/node');
const { startPostgres, startRedis } = require('./support/store');
const { connect } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, fetchDoc, nothingPending, randomInt,
  restGetOps, waitUntil, codePointLength,
} = require('./support/docs');

let postgres;
let redis;
let nodes = [];

before(async () => {
  postgres = await startPostgres();
  redis = await startRedis();
  nodes = await startCluster({
    name: 'outage', size: 2, env: { TANDEM_PG_URL: postgres.url, TANDEM_REDIS_URL: redis.url },
  });
});

after(async () => {
  for (const node of nodes) {
    if (node.process) await node.stop().catch(() => {});
  }
  if (redis) await redis.dispose().catch(() => {});
  if (postgres) await postgres.dispose().catch(() => {});
});

/** Sends one Redis command over RESP on loopback and resolves with the reply line(s) as text. */
function redisCommand(url, ...args) {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let reply = '';
    socket.setTimeout(3000, () => socket.destroy(new Error('Redis command timed out')));
    socket.on('connect', () => {
      socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`);
    });
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      // A bulk reply is "$len\r\n<bytes>\r\n", a nil is "$-1\r\n"; both are complete here.
      const bulk = /^\$(-?\d+)\r\n/.exec(reply);
      if (bulk && (Number(bulk[1]) < 0 || reply.length >= bulk[0].length + Number(bulk[1]) + 2)) {
        socket.end();
        resolve(Number(bulk[1]) < 0 ? null : reply.slice(bulk[0].length, bulk[0].length + Number(bulk[1])));
      } else if (/^[+:-].*\r\n/.test(reply)) {
        socket.end();
        resolve(reply.trim());
      }
    });
    socket.on('error', reject);
  });
}

/**
 * Records each ack that the client receives for its own ops, with the time it arrived. A client
 * that is subscribed gets its own op back with its src and seq, which is its ack.
 */
function recordAcks(client) {
  const acks = [];
  client.connection.on('receive', (request) => {
    const message = request.data;
    if (message && message.a === 'op' && message.src === client.id && !message.error) {
      acks.push({ seq: message.seq, v: message.v, at: Date.now() });
    }
  });
  return acks;
}

/**
 * One typist per node inserts its own letter at random places every 20 to 60 ms until stop() is
 * called. Then each waits until its ops are acknowledged.
 */
async function startTyping(collection, id) {
  const letters = ['x', 'y'];
  const clients = await Promise.all(nodes.map((node, i) => connect(node, { user: `typist${i}`, transport: 'ws' })));
  const docs = clients.map((client) => client.connection.get(collection, id));
  await Promise.all(docs.map((doc) => subscribeDoc(doc)));
  const acks = clients.map((client) => recordAcks(client));
  const errors = [];
  for (const doc of docs) doc.on('error', (err) => errors.push(err));
  const typed = [0, 0];
  let typing = true;
  const loops = docs.map(async (doc, t) => {
    // Bounded: at most 2,000 ops per typist, whatever the test waits for.
    while (typing && typed[t] < 2000) {
      const at = randomInt(codePointLength(doc.data) + 1);
      doc.submitOp(at === 0 ? [letters[t]] : [at, letters[t]], (err) => { if (err) errors.push(err); });
      typed[t] += 1;
      await sleep(20 + randomInt(40));
    }
  });
  return {
    clients, docs, acks, errors, letters, typed,
    async stop() {
      typing = false;
      await Promise.all(loops);
      await withTimeout(Promise.all(docs.map((doc) => nothingPending(doc))), 60000, 'acks of the pending ops');
    },
    close() { for (const client of clients) client.close(); },
  };
}

/** Checks that every typed letter is stored exactly once and that every client converged. */
async function assertNothingLostOrDoubled(typing, collection, id) {
  assert.deepEqual(typing.errors.map((err) => err.code || err.message), [], 'no op error reached a typist');
  const reader = await connect(nodes[0], { user: 'reader', transport: 'ws' });
  const fresh = reader.connection.get(collection, id);
  await fetchDoc(fresh);
  reader.close();
  for (let t = 0; t < typing.letters.length; t++) {
    const count = [...fresh.data].filter((c) => c === typing.letters[t]).length;
    assert.equal(count, typing.typed[t], `typist ${t}'s letters in the final document`);
  }
  await waitUntil(() => typing.docs.every((doc) => doc.version === fresh.version), { timeoutMs: 20000 });
  for (const doc of typing.docs) assert.equal(doc.data, fresh.data, 'a typist diverged from a fresh fetch');

  const ops = await restGetOps(nodes[1], collection, id);
  ops.forEach((op, i) => assert.equal(op.v, i, `op at index ${i} has version ${op.v}`));
  assert.equal(ops.length, fresh.version, 'stored ops up to the fetched version');
  const submissions = new Set();
  for (const op of ops) {
    const key = `${op.src}/${op.seq}`;
    assert.ok(!submissions.has(key), `op ${key} is stored twice`);
    submissions.add(key);
  }
  return fresh;
}

test('PostgreSQL restart acks nothing while down and loses nothing', { timeout: 180000 }, async () => {
  const collection = uniqueCollection('pgrestart');
  const id = 'typed';
  const setup = await connect(nodes[0], { user: 'setup', transport: 'ws' });
  await createDoc(setup.connection.get(collection, id), '');
  setup.close();
  const typing = await startTyping(collection, id);
  try {
    await sleep(1500);
    const typedBeforeStop = [...typing.typed];

    await postgres.stop();
    const downSince = Date.now();
    await sleep(4000);
    const downUntil = Date.now();
    await postgres.start();
    const upAt = Date.now();
    await sleep(1500);
    await typing.stop();

    const ackedWhileDown = typing.acks.flat().filter((ack) => ack.at > downSince && ack.at < downUntil);
    assert.deepEqual(ackedWhileDown, [], 'acks that arrived while PostgreSQL was down');
    for (let t = 0; t < typing.typed.length; t++) {
      assert.ok(typing.typed[t] > typedBeforeStop[t] + 20, `typist ${t} kept typing during the outage`);
    }
    const resumed = typing.acks.flat().filter((ack) => ack.at >= upAt).length;
    assert.ok(resumed > 0, 'acks arrived after PostgreSQL came back');
    await assertNothingLostOrDoubled(typing, collection, id);
  } finally {
    typing.close();
  }
});

test('Redis kill and restart keep service and refill the cache', { timeout: 180000 }, async () => {
  const collection = uniqueCollection('rediskill');
  const id = 'typed';
  const setup = await connect(nodes[0], { user: 'setup', transport: 'ws' });
  await createDoc(setup.connection.get(collection, id), '');
  setup.close();
  const typing = await startTyping(collection, id);
  try {
    await sleep(1500);

    await redis.kill();
    const downSince = Date.now();
    await sleep(2000);
    const downUntil = Date.now();
    await redis.start();
    // Typing goes on until the owner has reconnected, so that its last commits write to Redis.
    const logs = () => nodes.map((node) => fs.readFileSync(node.logPath, 'utf8')).join('\n');
    await waitUntil(() => /Redis connection restored/.test(logs()), {
      timeoutMs: 15000, intervalMs: 200, describe: () => 'for a node to log the Redis reconnection',
    });
    await sleep(500);
    await typing.stop();

    const ackedWhileDown = typing.acks.flat().filter((ack) => ack.at > downSince && ack.at < downUntil);
    assert.ok(ackedWhileDown.length >= 5, `ops acknowledged during the Redis outage: ${ackedWhileDown.length}`);
    const fresh = await assertNothingLostOrDoubled(typing, collection, id);

    // The owner writes each committed snapshot to the cache again once Redis replies.
    const key = `tandem:snap:${collection}/${id}`;
    await waitUntil(async () => Number(await redisCommand(redis.url, 'HGET', key, 'v')) === fresh.version, {
      timeoutMs: 10000, describe: () => `for ${key} to hold version ${fresh.version}`,
    });
    assert.match(logs(), /Redis connection lost/, 'a node logged the lost Redis connection');
  } finally {
    typing.close();
  }
});
