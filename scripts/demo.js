'use strict';
// Demo: several sharedb clients type one chapter into one text-unicode document at the same time.
//
// Usage: node scripts/demo.js HTTP_BASE_URL   (scripts/demo starts a node and passes its URL)
// Environment: DEMO_CLIENTS (default 4), DEMO_KEYSTROKE_MS (pause between keystrokes, default 2),
// DEMO_TIMEOUT_S (default 300), DEMO_TEXT (file to type, default the bundled chapter).
//
// Each client owns one contiguous part of the chapter. The document starts as the first character
// of every part, so each client types after its own first character and just before the next
// part's first character, and no two clients ever insert at the same position. A client keeps its
// cursor by transforming it through the ops it receives, makes typos and deletes them, and now and
// then drops its socket, types offline and reconnects.

const fs = require('node:fs');
const path = require('node:path');
const { connect, textUnicode, clientWarnings } = require('../src/test/js/support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, fetchDoc, nothingPending, restGetDocument,
} = require('../src/test/js/support/docs');

const baseUrl = (process.argv[2] || process.env.TANDEM_TEST_URL || '').replace(/\/+$/, '');
const clientCount = Number(process.env.DEMO_CLIENTS || 4);
const keystrokeMs = Number(process.env.DEMO_KEYSTROKE_MS || 2);
const timeoutMs = Number(process.env.DEMO_TIMEOUT_S || 300) * 1000;
const textPath = process.env.DEMO_TEXT || path.join(__dirname, 'demo-data', 'alice-chapter-1.txt');
const TRANSPORTS = ['ws', 'sockjs-websocket', 'xhr-streaming', 'ws'];
const TYPO_EVERY = 40; // keystrokes between typos, on average
const DROP_EVERY = 400; // keystrokes between socket drops, on average

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Splits text into `count` contiguous parts of about equal length, cutting after a space. */
function splitIntoParts(text, count) {
  const chars = [...text];
  const parts = [];
  let start = 0;
  for (let k = 1; k < count; k++) {
    let cut = Math.floor((chars.length * k) / count);
    while (cut < chars.length && chars[cut - 1] !== ' ') cut += 1;
    parts.push(chars.slice(start, cut));
    start = cut;
  }
  parts.push(chars.slice(start));
  return parts;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Types part[1..] after the part's first character, which starts at code point `cursor`. */
async function typePart(client, doc, part, cursor, latencies) {
  let position = cursor + 1; // insertion point: just after what this client has typed so far
  doc.on('op', (op, source) => {
    if (!source) position = textUnicode.transformPosition(position, op);
  });
  const submit = (op) => {
    const sentAt = process.hrtime.bigint();
    doc.submitOp(op, (err) => {
      if (!err) latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
    });
  };
  const insert = (char) => {
    submit([position, char]);
    position += 1;
  };

  let offline = 0;
  for (let i = 1; i < part.length; i++) {
    if (Math.random() < 1 / TYPO_EVERY) {
      insert('~');
      await sleep(keystrokeMs);
      submit([position - 1, { d: 1 }]);
      position -= 1;
    }
    insert(part[i]);

    if (offline > 0) {
      offline -= 1;
      if (offline === 0) await client.reconnect();
    } else if (Math.random() < 1 / DROP_EVERY && i + 5 < part.length) {
      await client.cut();
      offline = 3 + Math.floor(Math.random() * 5); // keystrokes typed before reconnecting
    }
    if (keystrokeMs > 0) await sleep(keystrokeMs);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  if (offline > 0) await client.reconnect();
  await nothingPending(doc);
}

async function main() {
  if (!baseUrl) throw new Error('missing node URL: pass it as the first argument, e.g. http://127.0.0.1:8080');
  const node = { httpUrl: baseUrl, wsUrl: (u) => `${baseUrl.replace(/^http/, 'ws')}/sharedb?user=${encodeURIComponent(u)}`, sockjsUrl: (u) => `${baseUrl}/sockjs?user=${encodeURIComponent(u)}` };
  const chapter = fs.readFileSync(textPath, 'utf8');
  const parts = splitIntoParts(chapter, clientCount);
  const collection = uniqueCollection('demo');
  const id = 'chapter';

  const clients = [];
  for (let k = 0; k < clientCount; k++) {
    clients.push(await connect(node, { user: `typist-${k + 1}`, transport: TRANSPORTS[k % TRANSPORTS.length] }));
  }
  const docs = clients.map((client) => client.connection.get(collection, id));
  await createDoc(docs[0], parts.map((part) => part[0]).join(''));
  await Promise.all(docs.map((doc) => subscribeDoc(doc)));

  console.log(`typing ${[...chapter].length} code points from ${path.basename(textPath)} with ${clientCount} clients (${clients.map((c) => c.transport).join(', ')})`);
  const latencies = [];
  const started = Date.now();
  await withTimeout(Promise.all(docs.map((doc, k) => typePart(clients[k], doc, parts[k], k, latencies))), timeoutMs, 'typing');
  const elapsedS = (Date.now() - started) / 1000;

  const rest = await restGetDocument(node, collection, id);
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline && !docs.every((doc) => doc.version === rest.body.v)) await sleep(50);
  const reader = await connect(node, { user: 'reader' });
  const fresh = reader.connection.get(collection, id);
  await fetchDoc(fresh);

  latencies.sort((a, b) => a - b);
  console.log(`keystrokes acked: ${latencies.length} in ${elapsedS.toFixed(1)} s = ${(latencies.length / elapsedS).toFixed(0)} ops/s submitted`);
  console.log(`server versions: ${rest.body.v} (${((rest.body.v - 1) / elapsedS).toFixed(0)} committed ops/s; the client composes ops typed while one is in flight)`);
  console.log(`ack latency ms: p50 ${percentile(latencies, 50).toFixed(1)}, p95 ${percentile(latencies, 95).toFixed(1)}, p99 ${percentile(latencies, 99).toFixed(1)}`);
  console.log(`socket drops: ${clients.map((c) => c.cuts).join(', ')}; client warnings: ${clientWarnings.length}`);

  const failures = [];
  if (rest.body.data !== chapter) failures.push(`REST text differs from the chapter (${[...(rest.body.data || '')].length} vs ${[...chapter].length} code points)`);
  if (fresh.data !== chapter) failures.push('fresh fetch differs from the chapter');
  docs.forEach((doc, k) => {
    if (doc.data !== chapter) failures.push(`client ${k + 1} text differs from the chapter`);
  });
  clients.forEach((client) => client.errors.forEach((err) => failures.push(`client ${client.user} error: ${err}`)));
  reader.close();
  clients.forEach((client) => client.close());

  if (failures.length) {
    console.log('verdict: FAIL');
    failures.forEach((failure) => console.log(`  ${failure}`));
    if (rest.body.data !== chapter) fs.writeFileSync('target/demo-final.txt', String(rest.body.data));
    process.exit(1);
  }
  console.log('verdict: OK, the document equals the chapter on every client, a fresh fetch and REST');
  process.exit(0);
}

main().catch((err) => {
  console.error(`demo failed: ${err.stack || err}`);
  process.exit(2);
});
