'use strict';
// A client whose socket drops mid-typing loses and duplicates none of its ops.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startNode, sleep } = require('./support/node');
const { connect, clientWarnings } = require('./support/client');
const {
  uniqueCollection, withTimeout, createDoc, subscribeDoc, fetchDoc, nothingPending,
  codePointLength, applyTextOp, restGetDocument, restGetOps, waitUntil,
} = require('./support/docs');

const TYPED_TEXT = 'Typing through drops: café, naïve, 👍🏽 and 🇫🇷 survive. ' +
  'Every keystroke is one op, resent with its seq after each reconnect. ';
const CUT_EVERY = 12;

let node;
before(async () => { node = await startNode({ name: 'reconnect' }); });
after(async () => { if (node) await node.stop(); });

function reportClientWarnings(t) {
  for (const warning of clientWarnings.splice(0)) t.diagnostic(`sharedb client warning: ${warning}`);
}

/**
 * Types `text` one code point at a time at the end of a region that starts at regionStart(doc)
 * and that only this typist edits. Every seventh character follows a typo fixed by a delete.
 * Every CUT_EVERY characters the socket is dropped, three characters are typed offline, and the
 * client reconnects. Returns the region text built from the typist's own ops.
 */
async function typeWithDrops(client, doc, text, regionStart) {
  let region = '';
  let keystrokes = 0;
  // Submits one component at a position inside the region, and applies it to the region model.
  const type = (component) => {
    const offset = codePointLength(region) - (component.d ? 1 : 0);
    doc.submitOp(atPosition(regionStart(doc) + offset, component));
    region = applyTextOp(region, atPosition(offset, component));
    keystrokes += 1;
  };

  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    if (i % 7 === 3) {
      type('#');
      type({ d: 1 });
    }
    type(chars[i]);

    if (i % CUT_EVERY === CUT_EVERY - 1) {
      // Alternate between dropping right after the send (the op may never reach the server) and
      // dropping a moment later (the op is committed but its ack may be lost).
      if ((i / CUT_EVERY) % 2 >= 1) await sleep(5);
      await client.cut();
      for (let j = 0; j < 3 && i + 1 < chars.length; j++) {
        i += 1;
        type(chars[i]);
      }
      await client.reconnect();
    } else if (keystrokes % 3 === 0) {
      await sleep(1);
    }
  }
  await withTimeout(nothingPending(doc), 30000, 'acknowledgement of the typed ops');
  return region;
}

function atPosition(pos, component) {
  return pos === 0 ? [component] : [pos, component];
}

async function assertOpLogClean(collection, id, version) {
  const ops = await restGetOps(node, collection, id, 0);
  assert.equal(ops.length, version, 'op log length equals the document version');
  ops.forEach((op, i) => assert.equal(op.v, i, `op at index ${i} has version ${op.v}`));
  const submissions = new Set();
  for (const op of ops) {
    const key = `${op.src}/${op.seq}`;
    assert.ok(!submissions.has(key), `submission ${key} committed twice`);
    submissions.add(key);
  }
}

for (const transport of ['ws', 'xhr-streaming']) {
  test(`solo typist over ${transport} survives drops`, { timeout: 120000 }, async (t) => {
    const collection = uniqueCollection('reconnect');
    const id = 'solo';
    const client = await connect(node, { user: 'typist', transport });
    try {
      const doc = client.connection.get(collection, id);
      await createDoc(doc, '');
      await subscribeDoc(doc);

      const typed = await typeWithDrops(client, doc, TYPED_TEXT, () => 0);

      assert.equal(typed, TYPED_TEXT, 'region rebuilt from the typist ops');
      assert.equal(doc.data, TYPED_TEXT, 'client text');
      assert.ok(client.cuts >= 5, `socket was cut ${client.cuts} times`);
      const rest = await restGetDocument(node, collection, id);
      assert.equal(rest.body.data, TYPED_TEXT, 'REST text');
      assert.equal(rest.body.v, doc.version, 'REST version equals the client version');
      await assertOpLogClean(collection, id, rest.body.v);

      const reader = await connect(node, { user: 'reader' });
      const fresh = reader.connection.get(collection, id);
      await fetchDoc(fresh);
      assert.equal(fresh.data, TYPED_TEXT, 'fresh fetch text');
      reader.close();
      assert.deepEqual(client.errors.map(String), [], 'client errors');
    } finally {
      reportClientWarnings(t);
      client.close();
    }
  });
}

test('typist with drops beside a steady typist', { timeout: 120000 }, async (t) => {
  const collection = uniqueCollection('reconnect');
  const id = 'pair';
  const separator = '|';
  const steadyText = 'The steady typist never drops and writes before the bar. ✍🏾 ';
  const flaky = await connect(node, { user: 'flaky', transport: 'ws' });
  const steady = await connect(node, { user: 'steady', transport: 'sockjs-websocket' });
  try {
    const flakyDoc = flaky.connection.get(collection, id);
    const steadyDoc = steady.connection.get(collection, id);
    await createDoc(flakyDoc, separator);
    await subscribeDoc(flakyDoc);
    await subscribeDoc(steadyDoc);

    // The steady typist inserts before the separator, at the end of its own prefix.
    const steadyTyping = (async () => {
      let typed = 0;
      for (const char of steadyText) {
        steadyDoc.submitOp(atPosition(typed, char));
        typed += 1;
        await sleep(2);
      }
      await nothingPending(steadyDoc);
    })();
    // The flaky typist's region is everything after the separator.
    const flakyRegionStart = (doc) => [...doc.data].indexOf(separator) + 1;
    const [flakyTyped] = await Promise.all([
      typeWithDrops(flaky, flakyDoc, TYPED_TEXT, flakyRegionStart),
      withTimeout(steadyTyping, 60000, 'steady typing'),
    ]);

    const expected = steadyText + separator + TYPED_TEXT;
    assert.equal(flakyTyped, TYPED_TEXT, 'region rebuilt from the flaky typist ops');
    const rest = await restGetDocument(node, collection, id);
    assert.equal(rest.body.data, expected, 'REST text');
    await waitUntil(() => flakyDoc.version === rest.body.v && steadyDoc.version === rest.body.v, {
      describe: () => `: versions ${flakyDoc.version} and ${steadyDoc.version}, REST ${rest.body.v}`,
    });
    assert.equal(flakyDoc.data, expected, 'flaky client text');
    assert.equal(steadyDoc.data, expected, 'steady client text');
    await assertOpLogClean(collection, id, rest.body.v);
    assert.deepEqual(flaky.errors.map(String), [], 'flaky client errors');
    assert.deepEqual(steady.errors.map(String), [], 'steady client errors');
  } finally {
    reportClientWarnings(t);
    flaky.close();
    steady.close();
  }
});
