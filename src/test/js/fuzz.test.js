'use strict';
// Protocol fuzzer: fuzz sockets send TANDEM_FUZZ_MESSAGES (default 100,000) seeded, mutated and
// malformed messages for every action and type to one node while honest sharedb clients edit a
// text-unicode, a json0 and a rich-text document. Afterwards the node must still be alive, the
// honest documents must have converged with every edit in them, and the op log in PostgreSQL must
// show no fuzzer op outside the fuzzer's own collections. Replay a run with TANDEM_FUZZ_SEED.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { execFileSync } = require('node:child_process');
const WebSocket = require('ws');
const { startNode, httpGet, sleep } = require('./support/node');
const { connect, ShareDB } = require('./support/client');
const { seededRandom, MessageFuzzer } = require('./support/fuzz');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, nothingPending, restGetDocument, waitUntil,
} = require('./support/docs');

const SEED = process.env.TANDEM_FUZZ_SEED ? Number(process.env.TANDEM_FUZZ_SEED) : crypto.randomInt(2 ** 31);
const MESSAGES = Number(process.env.TANDEM_FUZZ_MESSAGES || 100_000);
const FUZZ_SOCKETS = 4; // the last one speaks SockJS over its raw WebSocket transport
const BATCH = 200; // messages sent before waiting for the node's reply to a marker ping
const MARKER_TIMEOUT_MS = 30000;
const PG_URL = process.env.TANDEM_PG_URL || 'postgresql://postgres@127.0.0.1:5432/test';
const RICH_TEXT = 'http://sharejs.org/types/rich-text/v1';
const JSON0 = 'http://sharejs.org/types/JSONv0';

const runId = crypto.randomBytes(4).toString('hex');
const honestCollection = uniqueCollection('honest');
const fuzzPrefix = `fz_${runId}_`;
const fuzzCollections = ['a', 'b'].map((suffix) => fuzzPrefix + suffix);
let node;

// Rate and connection limits are raised so that fuzzed ops reach the sequencer instead of the limiter.
before(async () => {
  node = await startNode({
    name: 'fuzz',
    env: {
      TANDEM_OPS_PER_SECOND_PER_CONNECTION: '1000000',
      TANDEM_OPS_PER_SECOND_PER_USER: '1000000',
      TANDEM_MAX_CONNECTIONS_PER_USER: '1000',
    },
  });
});
after(async () => { if (node) await node.stop(); });

/** A raw socket that sends fuzzed messages and counts what comes back. */
class FuzzSocket {
  constructor(index, stats) {
    this.index = index;
    this.sockjs = index === FUZZ_SOCKETS - 1;
    this.user = `fuzzer-${runId}-${index}`;
    this.stats = stats;
    this.markers = 0;
  }

  url() {
    if (!this.sockjs) return node.wsUrl(this.user);
    const session = crypto.randomBytes(4).toString('hex');
    return `${node.httpUrl.replace(/^http/, 'ws')}/sockjs/${100 + this.index}/${session}/websocket?user=${this.user}`;
  }

  async open() {
    this.waiting = new Map();
    this.ws = new WebSocket(this.url(), { maxPayload: 256 * 1024 * 1024 });
    this.closed = new Promise((resolve) => this.ws.on('close', (code) => {
      this.stats.closes[code] = (this.stats.closes[code] || 0) + 1;
      for (const resolveMarker of this.waiting.values()) resolveMarker('closed');
      resolve(code);
    }));
    this.ws.on('error', () => { /* the close handler accounts for it */ });
    this.ws.on('message', (data) => this.onFrame(data.toString()));
    await new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
  }

  onFrame(frame) {
    if (!this.sockjs) {
      this.onMessage(frame);
      return;
    }
    if (frame.startsWith('a')) {
      for (const message of JSON.parse(frame.slice(1))) this.onMessage(message);
    }
  }

  onMessage(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (err) {
      this.stats.unparseableReplies.push(text.slice(0, 200));
      return;
    }
    if (message.a === 'pp' && this.waiting.has(message.id)) {
      this.waiting.get(message.id)('answered');
      this.waiting.delete(message.id);
    }
    const code = message.error && message.error.code;
    if (code) {
      this.stats.errors[code] = (this.stats.errors[code] || 0) + 1;
      if (code === 'ERR_UNKNOWN_ERROR' && this.stats.internalErrors.length < 10) {
        this.stats.internalErrors.push(text.slice(0, 500));
      }
    }
  }

  isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  }

  send({ data, binary }) {
    if (this.sockjs && !binary && typeof data === 'string') {
      this.ws.send(JSON.stringify([data]));
    } else {
      this.ws.send(data, { binary });
    }
  }

  /** Sends a ping whose reply comes after the node has read everything sent before it. */
  marker() {
    this.markers += 1;
    const id = `mark-${this.index}-${this.markers}`;
    const answered = new Promise((resolve) => this.waiting.set(id, resolve));
    this.send({ data: JSON.stringify({ a: 'pp', id }), binary: false });
    return withTimeout(answered, MARKER_TIMEOUT_MS, `node answer to marker ${id} of fuzz socket ${this.index}`);
  }

  async run(fuzzer, count) {
    let sent = 0;
    while (sent < count) {
      if (!this.isOpen()) {
        this.stats.reconnects += 1;
        await this.open();
      }
      for (let i = 0; i < BATCH && sent < count && this.isOpen(); i++, sent++) {
        const message = fuzzer.next();
        this.stats.actions[message.action] = (this.stats.actions[message.action] || 0) + 1;
        this.send(message);
      }
      if (this.isOpen()) await this.marker();
    }
    this.stats.sent += sent;
    this.ws.close();
  }
}

/** An honest sharedb client that inserts numbered tokens until the fuzzers finish. */
class HonestEditor {
  constructor(conn, doc, name) {
    this.conn = conn;
    this.doc = doc;
    this.name = name;
    this.tokens = [];
    this.numberAdds = 0;
    this.errors = [];
  }

  /** Positions in a text where a token may go without splitting another: 0 and after each '>'. */
  static boundaries(text) {
    const positions = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '>') positions.push(i + 1);
    return positions;
  }

  nextOp(random) {
    const token = `<${this.name}.${this.tokens.length}>`;
    const type = this.doc.type.uri;
    if (type === JSON0) {
      if (random() < 0.3) {
        this.numberAdds += 1;
        return [{ p: ['count'], na: 1 }];
      }
      this.tokens.push(token);
      return [{ p: ['items', Math.floor(random() * (this.doc.data.items.length + 1))], li: token }];
    }
    const text = textOf(this.doc);
    const positions = HonestEditor.boundaries(type === RICH_TEXT ? text.slice(0, -1) : text);
    const at = positions[Math.floor(random() * positions.length)];
    this.tokens.push(token);
    if (type === RICH_TEXT) {
      const insert = random() < 0.5 ? { insert: token, attributes: { bold: true } } : { insert: token };
      return at === 0 ? [insert] : [{ retain: at }, insert];
    }
    return at === 0 ? [token] : [at, token];
  }

  async run(random, isDone) {
    while (!isDone()) {
      this.doc.submitOp(this.nextOp(random), (err) => { if (err) this.errors.push(err); });
      await sleep(5 + Math.floor(random() * 20));
    }
    await withTimeout(nothingPending(this.doc), 60000, `pending ops of ${this.name}`);
  }
}

function psql(sql) {
  return execFileSync('psql', [PG_URL, '-At', '-F', '\t', '-c', sql], { encoding: 'utf8' }).trim();
}

function textOf(doc) {
  if (doc.type.uri === RICH_TEXT) return doc.data.ops.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  if (doc.type.uri === JSON0) return doc.data.items.join('');
  return doc.data;
}

test('fuzzed messages leave honest documents intact', { timeout: 300000 }, async (t) => {
  t.diagnostic(`fuzz seed ${SEED} (replay with TANDEM_FUZZ_SEED=${SEED}), ${MESSAGES} messages`);
  console.log(`fuzz seed ${SEED}; replay with TANDEM_FUZZ_SEED=${SEED}`);
  assert.match(honestCollection, /^[a-z0-9_]+$/, 'collection names are safe to put in SQL');
  const random = seededRandom(SEED);
  const stats = {
    sent: 0, reconnects: 0, actions: {}, errors: {}, closes: {}, internalErrors: [], unparseableReplies: [],
  };

  const plan = [
    { id: 'text', type: 'text-unicode', data: '', transports: ['ws', 'xhr-streaming'] },
    { id: 'json', type: JSON0, data: { items: [], count: 0 }, transports: ['ws', 'sockjs-websocket'] },
    { id: 'rich', type: RICH_TEXT, data: [{ insert: '\n' }], transports: ['sockjs-websocket', 'ws'] },
  ];
  const editors = [];
  for (const doc of plan) {
    for (const [i, transport] of doc.transports.entries()) {
      const conn = await connect(node, { user: `honest-${runId}-${doc.id}-${i}`, transport });
      const shared = conn.connection.get(honestCollection, doc.id);
      if (i === 0) await createDoc(shared, doc.data, doc.type);
      await subscribeDoc(shared);
      editors.push(new HonestEditor(conn, shared, `${doc.id}${i}`));
    }
  }

  let fuzzing = true;
  const started = Date.now();
  const sockets = Array.from({ length: FUZZ_SOCKETS }, (_, i) => new FuzzSocket(i, stats));
  const fuzzers = sockets.map((socket, i) => socket.run(
    new MessageFuzzer(seededRandom(SEED + i + 1), fuzzCollections, ['d0', 'd1', 'd2', 'd3', 'd4']),
    Math.ceil(MESSAGES / FUZZ_SOCKETS),
  ));
  const honest = editors.map((editor, i) => editor.run(seededRandom(SEED + 100 + i), () => !fuzzing));
  try {
    await Promise.all(fuzzers);
  } finally {
    fuzzing = false;
  }
  await Promise.all(honest);
  const fuzzMillis = Date.now() - started;
  t.diagnostic(`fuzz stats after ${fuzzMillis} ms: ${JSON.stringify({ ...stats, internalErrors: stats.internalErrors.length })}`);

  try {
    // The node is alive and still replies.
    assert.ok(node.process, 'the node process is running');
    assert.equal((await httpGet(`${node.httpUrl}/health/live`)).status, 200);
    assert.ok(stats.sent >= MESSAGES, `sent ${stats.sent} of ${MESSAGES} messages`);
    assert.deepEqual(stats.internalErrors, [], 'replies with ERR_UNKNOWN_ERROR (an internal error on client input)');
    assert.deepEqual(stats.unparseableReplies, [], 'replies that are not JSON');

    // Each honest document converged, contains every token once, and matches PostgreSQL.
    for (const doc of plan) {
      const mine = editors.filter((editor) => editor.doc.id === doc.id);
      const rest = await restGetDocument(node, honestCollection, doc.id);
      assert.equal(rest.status, 200);
      await waitUntil(() => mine.every((editor) => editor.doc.version === rest.body.v), {
        timeoutMs: 20000, describe: () => `${doc.id} versions ${mine.map((e) => e.doc.version)} vs REST ${rest.body.v}`,
      });
      for (const editor of mine) {
        assert.deepEqual(editor.errors.map(String), [], `op errors of honest editor ${editor.name}`);
        // A rich-text client keeps a Delta, and its JSON form is what REST returns.
        assert.deepEqual(JSON.parse(JSON.stringify(editor.doc.data)), rest.body.data, `${editor.name} matches the REST snapshot`);
      }
      const text = textOf(mine[0].doc);
      for (const token of mine.flatMap((editor) => editor.tokens)) {
        assert.equal(text.split(token).length - 1, 1, `token ${token} appears once in ${doc.id}`);
      }
      if (doc.type === JSON0) {
        assert.equal(mine[0].doc.data.count, mine.reduce((sum, editor) => sum + editor.numberAdds, 0), 'every na counted once');
      }
      const [count, maxVersion, strangers] = psql(`SELECT count(*), max(version), count(*) FILTER (WHERE user_id NOT LIKE 'honest-${runId}-%')`
        + ` FROM ops WHERE collection = '${honestCollection}' AND doc_id = '${doc.id}'`).split('\t').map(Number);
      assert.equal(count, rest.body.v, `ops of ${doc.id} in PostgreSQL`);
      assert.equal(maxVersion, rest.body.v - 1);
      assert.equal(strangers, 0, `ops of ${doc.id} by anyone but its honest editors`);
    }

    // Fuzzers wrote only to their own collections.
    const written = psql(`SELECT collection, count(*) FROM ops WHERE user_id LIKE 'fuzzer-${runId}-%' GROUP BY collection`)
      .split('\n').filter(Boolean).map((line) => line.split('\t'));
    assert.deepEqual(written.map(([collection]) => collection).filter((collection) => !collection.startsWith(fuzzPrefix)), [],
      'collections written by fuzzers outside their prefix');
    t.diagnostic(`fuzzers committed ${written.reduce((sum, [, count]) => sum + Number(count), 0)} ops`
      + ` to ${written.length} collections of their own`);
  } finally {
    for (const editor of editors) editor.conn.close();
  }
});
