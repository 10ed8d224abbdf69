'use strict';
// End-to-end tests of the demo page that a node serves at "/", in headless Chromium. They cover
// people typing into one document at the same time over WebSocket and SockJS, remote cursors,
// edits made offline, the plain-text mode, the notification bell, and the HTTP headers of the page
// and its assets.
// One test saves a screenshot of two editors side by side to target/test-output/editors.png.

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { startNode, httpGet, REPO_ROOT } = require('./support/node');
const {
  launchBrowser, uniqueDocName, openEditor, editorText, waitForSettledText,
  connectionStatus, waitForConnectionState, placeCaret, bellState, waitForBellCount, waitForBellLive,
} = require('./support/browser');

const OUTPUT_DIR = path.join(REPO_ROOT, 'target', 'test-output');
const COLLECTION = 'demo';
/**
 * Time for the node to register a bridge socket's address after the socket opens. The bridge
 * does not acknowledge a registration, and a push published before it completes is not delivered.
 */
const BRIDGE_REGISTRATION_SETTLE_MS = 1000;
const JWT_SECRET = 'tandem-browser-test-secret-of-at-least-32-bytes';

let node;
let browser;
const contexts = [];

before(async () => {
  node = await startNode({ name: 'browser' });
  browser = await launchBrowser();
});
after(async () => {
  if (browser) await browser.close();
  if (node) await node.stop();
});

/** Opens an editor and remembers its context so that the test closes it. */
async function open(options) {
  const editor = await openEditor(browser, node, options);
  contexts.push(editor.context);
  return editor;
}

async function closeAll() {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
}

/** Fails when a page had an uncaught exception or a content security policy violation. */
function assertNoPageErrors(...editors) {
  for (const { errors } of editors) assert.deepEqual(errors, [], 'errors in the page');
}

/**
 * Types "A: " and "B: " lines from the first page and waits until the second page shows them,
 * so that each person then types on a line of their own.
 */
async function seedTwoLines(first, second) {
  await first.page.click('.ql-editor');
  await first.page.keyboard.type('A: ');
  await first.page.keyboard.press('Enter');
  await first.page.keyboard.type('B: ');
  await waitForSettledText(first.page, 'A: \nB: \n');
  await waitForSettledText(second.page, 'A: \nB: \n');
}

/**
 * Returns user names unique to this test run, because the notification inbox is shared by every
 * run on the database. They contain only characters that a plain-text mention may contain.
 */
function uniqueUserNames(...names) {
  const run = crypto.randomBytes(3).toString('hex');
  return names.map((name) => `${name}-${run}`);
}

/** Sends a REST request as `user` (dev auth mode) and returns {status, body}. */
async function restAs(user, method, pathname, body) {
  const response = await fetch(`${node.httpUrl}${pathname}`, {
    method,
    headers: { 'X-Tandem-User': user, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Signs an HS256 JSON Web Token for `sub`, valid for an hour. */
function signToken(sub) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub, iat: now, exp: now + 3600 })}`;
  return `${unsigned}.${crypto.createHmac('sha256', JWT_SECRET).update(unsigned).digest('base64url')}`;
}

function grantPath(docName, user) {
  return `/api/v1/documents/${COLLECTION}/${encodeURIComponent(docName)}/acl/${encodeURIComponent(user)}`;
}

/** Reads the entries of the page's open notification list, top to bottom. */
function bellEntries(page) {
  return page.$$eval('#bell-list .bell-item', (items) => items.map((item) => ({
    kind: item.dataset.kind,
    read: item.dataset.read === 'true',
    text: item.querySelector('.bell-kind').textContent,
    doc: item.querySelector('.bell-doc').textContent,
    link: item.querySelector('a.bell-doc') !== null,
    meta: item.querySelector('.bell-meta').textContent,
  })));
}

async function storedText(docName) {
  const res = await httpGet(`${node.httpUrl}/api/v1/documents/${COLLECTION}/${encodeURIComponent(docName)}`);
  assert.equal(res.status, 200, `GET of ${docName} from the REST API`);
  return res.body.data.ops.map((op) => op.insert).join('');
}

test('page and assets have content types and cache headers', { timeout: 30000 }, async () => {
  const page = await fetch(`${node.httpUrl}/`);
  const html = await page.text();
  const scriptPath = html.match(/src="(\/assets\/app-[^"]+\.js)"/)[1];
  const stylePath = html.match(/href="(\/assets\/app-[^"]+\.css)"/)[1];
  const script = await fetch(`${node.httpUrl}${scriptPath}`);
  const style = await fetch(`${node.httpUrl}${stylePath}`);
  const missing = await fetch(`${node.httpUrl}/assets/app-missing.js`);

  assert.equal(page.status, 200, 'status of /');
  assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  assert.match(page.headers.get('content-security-policy'), /default-src 'self'/);
  assert.equal(script.status, 200, `status of ${scriptPath}`);
  assert.match(script.headers.get('content-type'), /^text\/javascript/);
  assert.match(script.headers.get('cache-control'), /immutable, max-age=31536000/);
  assert.equal(style.status, 200, `status of ${stylePath}`);
  assert.match(style.headers.get('content-type'), /^text\/css/);
  assert.equal(missing.status, 404, 'status of a missing asset');
});

test('two people typing at once converge', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('converge');
  const ada = await open({ doc, user: 'Ada' });
  const grace = await open({ doc, user: 'Grace' });
  await seedTwoLines(ada, grace);
  const adaText = 'the quick brown fox jumps over the lazy dog';
  const graceText = 'pack my box with five dozen liquor jugs';

  await placeCaret(ada.page, 'A: '.length);
  await placeCaret(grace.page, 'A: \nB: '.length);
  await Promise.all([
    ada.page.keyboard.type(adaText, { delay: 15 }),
    grace.page.keyboard.type(graceText, { delay: 15 }),
  ]);

  const expected = `A: ${adaText}\nB: ${graceText}\n`;
  await waitForSettledText(ada.page, expected);
  await waitForSettledText(grace.page, expected);
  assert.equal(await editorText(ada.page), expected, 'Ada\'s editor');
  assert.equal(await editorText(grace.page), expected, 'Grace\'s editor');
  assert.equal(await storedText(doc), expected, 'document stored by the node');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('remote cursor follows the other person', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('cursor');
  const ada = await open({ doc, user: 'Ada' });
  const grace = await open({ doc, user: 'Grace' });
  await ada.page.click('.ql-editor');
  await ada.page.keyboard.type('Cursors show where people are.');
  await waitForSettledText(grace.page, 'Cursors show where people are.\n');
  const adaCursor = () => grace.page.evaluate(() => {
    const cursor = window.tandem.editor.getModule('cursors').cursors().find((c) => c.name === 'Ada');
    return cursor && cursor.range ? { index: cursor.range.index, length: cursor.range.length } : null;
  });
  await grace.page.waitForFunction(() => window.tandem.editor.getModule('cursors').cursors()
    .some((c) => c.name === 'Ada' && c.range && c.range.index === 30), null, { timeout: 10000 });
  const caretLeftBefore = await grace.page.$eval('.ql-cursor .ql-cursor-caret-container', (e) => e.style.left);

  await ada.page.keyboard.press('Home');
  await ada.page.keyboard.down('Shift');
  for (let i = 0; i < 7; i++) await ada.page.keyboard.press('ArrowRight');
  await ada.page.keyboard.up('Shift');

  await grace.page.waitForFunction(() => window.tandem.editor.getModule('cursors').cursors()
    .some((c) => c.name === 'Ada' && c.range && c.range.index === 0 && c.range.length === 7), null, { timeout: 10000 })
    .catch(async () => assert.fail(`Ada's cursor in Grace's editor is ${JSON.stringify(await adaCursor())}`));
  assert.deepEqual(await adaCursor(), { index: 0, length: 7 }, 'Ada\'s selection as Grace sees it');
  assert.equal(await grace.page.$eval('.ql-cursor .ql-cursor-name', (e) => e.textContent), 'Ada', 'name on the cursor flag');
  const caretLeftAfter = await grace.page.$eval('.ql-cursor .ql-cursor-caret-container', (e) => e.style.left);
  assert.notEqual(caretLeftAfter, caretLeftBefore, 'caret position on screen');
  const people = await grace.page.$$eval('#people li .person-name', (items) => items.map((item) => item.textContent));
  assert.deepEqual(people, ['Grace (you)', 'Ada'], 'who is here, in Grace\'s page');
  assertNoPageErrors(ada, grace);

  await ada.context.close();

  await grace.page.waitForFunction(() => document.querySelectorAll('#people li').length === 1, null, { timeout: 10000 });
  assert.equal(await grace.page.$$eval('.ql-cursor', (cursors) => cursors.length), 0, 'cursors left after Ada leaves');
  await closeAll();
});

test('undo reverts only own edits', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('undo');
  const ada = await open({ doc, user: 'Ada' });
  const grace = await open({ doc, user: 'Grace' });
  await ada.page.click('.ql-editor');
  await ada.page.keyboard.type('from Ada.');
  await waitForSettledText(grace.page, 'from Ada.\n');
  await placeCaret(grace.page, 0);
  await grace.page.keyboard.type('Grace wrote this, ');
  await waitForSettledText(ada.page, 'Grace wrote this, from Ada.\n');

  await ada.page.keyboard.press('Control+z');

  await waitForSettledText(ada.page, 'Grace wrote this, \n');
  await waitForSettledText(grace.page, 'Grace wrote this, \n');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('offline edits arrive after reconnect', { timeout: 90000 }, async () => {
  const doc = uniqueDocName('offline');
  const ada = await open({ doc, user: 'Ada' });
  const grace = await open({ doc, user: 'Grace' });
  await ada.page.click('.ql-editor');
  await ada.page.keyboard.type('Shared start');
  await waitForSettledText(grace.page, 'Shared start\n');

  await ada.context.setOffline(true);
  await waitForConnectionState(ada.page, 'offline');
  await ada.page.keyboard.type(' typed while offline', { delay: 10 });
  await placeCaret(grace.page, 0);
  await grace.page.keyboard.type('Online first. ', { delay: 10 });
  await waitForSettledText(grace.page, 'Online first. Shared start\n');
  const offlineStatus = await connectionStatus(ada.page);
  const adaWhileOffline = await editorText(ada.page);
  await ada.context.setOffline(false);

  assert.equal(offlineStatus.state, 'offline', 'indicator while offline');
  assert.equal(offlineStatus.pending, true, 'pending edits while offline');
  assert.equal(adaWhileOffline, 'Shared start typed while offline\n', 'Ada\'s editor while offline');
  const expected = 'Online first. Shared start typed while offline\n';
  await waitForSettledText(ada.page, expected, 30000);
  await waitForSettledText(grace.page, expected, 30000);
  await waitForConnectionState(ada.page, 'connected');
  assert.equal((await connectionStatus(ada.page)).pending, false, 'pending edits after reconnecting');
  assert.equal(await storedText(doc), expected, 'document stored by the node');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('edits typed while node restarts survive', { timeout: 120000 }, async (t) => {
  if (!node.restartable) return t.skip('the node under test is external (TANDEM_TEST_URL)');
  const doc = uniqueDocName('restart');
  const ada = await open({ doc, user: 'Ada' });
  await ada.page.click('.ql-editor');
  await ada.page.keyboard.type('Before the restart.');
  await waitForSettledText(ada.page, 'Before the restart.\n');

  await node.stop();
  await waitForConnectionState(ada.page, 'reconnecting');
  await ada.page.keyboard.type(' Typed while the node was down.', { delay: 5 });
  const downStatus = await connectionStatus(ada.page);
  await node.start();

  assert.equal(downStatus.state, 'reconnecting', 'indicator while the node is down');
  assert.equal(downStatus.pending, true, 'pending edits while the node is down');
  const expected = 'Before the restart. Typed while the node was down.\n';
  await waitForSettledText(ada.page, expected, 30000);
  await waitForConnectionState(ada.page, 'connected');
  assert.equal(await storedText(doc), expected, 'document stored by the node');
  assertNoPageErrors(ada);
  await closeAll();
});

test('forced SockJS page edits with WebSocket page', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('sockjs');
  const ada = await open({ doc, user: 'Ada', query: { transport: 'sockjs' } });
  const grace = await open({ doc, user: 'Grace' });
  await waitForConnectionState(ada.page, 'connected');
  await waitForConnectionState(grace.page, 'connected');
  const adaStatus = await connectionStatus(ada.page);
  const graceStatus = await connectionStatus(grace.page);
  await seedTwoLines(ada, grace);

  await placeCaret(ada.page, 'A: '.length);
  await placeCaret(grace.page, 'A: \nB: '.length);
  await Promise.all([
    ada.page.keyboard.type('sent over xhr streaming', { delay: 15 }),
    grace.page.keyboard.type('sent over websocket', { delay: 15 }),
  ]);

  assert.equal(adaStatus.text, 'Connected via SockJS (xhr-streaming)', 'Ada\'s transport');
  assert.equal(graceStatus.text, 'Connected via WebSocket', 'Grace\'s transport');
  const expected = 'A: sent over xhr streaming\nB: sent over websocket\n';
  await waitForSettledText(ada.page, expected);
  await waitForSettledText(grace.page, expected);
  assert.equal(await storedText(doc), expected, 'document stored by the node');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('failing WebSocket falls back to SockJS', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('fallback');
  // Every WebSocket of this page goes to a path with no endpoint, as behind a proxy that drops upgrades.
  const breakWebSocket = (context) => context.addInitScript(() => {
    const Original = window.WebSocket;
    window.WebSocket = class extends Original {
      constructor(url, protocols) { super(url.replace('/sharedb', '/no-websocket-here'), protocols); }
    };
  });
  const ada = await open({ doc, user: 'Ada', beforeLoad: breakWebSocket });

  await waitForConnectionState(ada.page, 'connected');
  await ada.page.click('.ql-editor');
  await ada.page.keyboard.type('still saved');

  assert.match((await connectionStatus(ada.page)).text, /^Connected via SockJS/, 'transport after WebSocket failed');
  await waitForSettledText(ada.page, 'still saved\n');
  assert.equal(await storedText(doc), 'still saved\n', 'document stored by the node');
  assertNoPageErrors(ada);
  await closeAll();
});

test('plain-text mode converges with emoji', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('plain');
  const ada = await open({ doc, user: 'Ada', query: { kind: 'plain' } });
  const grace = await open({ doc, user: 'Grace' });
  await ada.page.click('textarea');
  await ada.page.keyboard.type('A: 🙂\nB: ');
  await waitForSettledText(grace.page, 'A: 🙂\nB: ');

  await ada.page.evaluate(() => window.tandem.editor.setSelectionRange(5, 5)); // after the emoji
  await grace.page.click('textarea');
  await grace.page.evaluate(() => window.tandem.editor.setSelectionRange(10, 10)); // end of line B
  await Promise.all([
    ada.page.keyboard.type(' café 👩‍💻 done', { delay: 15 }),
    grace.page.keyboard.type('naïve 🎉 text', { delay: 15 }),
  ]);

  const expected = 'A: 🙂 café 👩‍💻 done\nB: naïve 🎉 text';
  await waitForSettledText(ada.page, expected);
  await waitForSettledText(grace.page, expected);
  const stored = await httpGet(`${node.httpUrl}/api/v1/documents/${COLLECTION}/${doc}`);
  assert.equal(stored.body.type, 'http://sharejs.org/types/text-unicode', 'type of the stored document');
  assert.equal(stored.body.data, expected, 'document stored by the node');
  assert.match(await grace.page.$eval('#doc-title', (e) => e.textContent), /plain text/, 'mode Grace\'s page chose');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('bell counts a mention and a share live', { timeout: 90000 }, async () => {
  const [adaName, graceName] = uniqueUserNames('Ada', 'Grace');
  const doc = uniqueDocName('bell');
  const ada = await open({ doc, user: adaName, query: { kind: 'plain' } });
  const grace = await open({ doc: uniqueDocName('bell-own'), user: graceName });
  await waitForBellLive(ada.page);
  await waitForBellLive(grace.page);
  await grace.page.waitForTimeout(BRIDGE_REGISTRATION_SETTLE_MS);
  const graceBefore = await bellState(grace.page);
  await grace.page.evaluate(() => { window.loadedBeforeNotifications = true; });

  await ada.page.click('textarea');
  await ada.page.keyboard.type(`Hi @${graceName} please review`);
  await waitForBellCount(grace.page, 1);
  const shared = await restAs(adaName, 'PUT', grantPath(doc, graceName), { role: 'editor' });
  await waitForBellCount(grace.page, 2);
  const graceAfter = await bellState(grace.page);
  const sameLoad = await grace.page.evaluate(() => window.loadedBeforeNotifications === true);

  assert.deepEqual(graceBefore, { live: true, unread: 0, badge: '' }, 'Grace\'s bell before');
  assert.equal(shared.status, 204, `PUT of Grace's grant: ${JSON.stringify(shared.body)}`);
  assert.deepEqual(graceAfter, { live: true, unread: 2, badge: '2' }, 'Grace\'s bell after the pushes');
  assert.equal(sameLoad, true, 'Grace\'s page was not reloaded');

  await grace.page.click('#bell-button');
  const entries = await bellEntries(grace.page);

  assert.deepEqual(entries.map((entry) => entry.kind), ['shared', 'mentioned'], 'entries, newest first');
  assert.equal(entries[0].text, 'Shared with you as editor');
  assert.equal(entries[1].text, 'Mentioned you');
  for (const entry of entries) {
    assert.equal(entry.doc, doc, `document of the ${entry.kind} entry`);
    assert.equal(entry.link, true, `link of the ${entry.kind} entry`);
    assert.equal(entry.meta, `by ${adaName} · just now`, `who and when of the ${entry.kind} entry`);
    assert.equal(entry.read, false, `read state of the ${entry.kind} entry`);
  }

  await grace.page.click('#bell-mark-all');
  await waitForBellCount(grace.page, 0);
  const graceMarked = await bellState(grace.page);
  const entriesMarked = await bellEntries(grace.page);
  const inbox = await restAs(graceName, 'GET', '/api/v1/notifications?unread=true');

  assert.deepEqual(graceMarked, { live: true, unread: 0, badge: '' }, 'Grace\'s bell after mark all read');
  assert.deepEqual(entriesMarked.map((entry) => entry.read), [true, true], 'entries after mark all read');
  assert.equal(inbox.status, 200, 'GET of Grace\'s unread notifications');
  assert.deepEqual(inbox.body.notifications, [], 'Grace\'s unread notifications in the inbox');
  assert.deepEqual(await bellState(ada.page), { live: true, unread: 0, badge: '' }, 'Ada\'s bell, as nobody is notified of their own actions');

  await Promise.all([
    grace.page.waitForURL((url) => url.searchParams.get('doc') === doc),
    grace.page.click('.bell-item[data-kind="mentioned"] a.bell-doc'),
  ]);
  await grace.page.waitForFunction(() => window.tandem && window.tandem.ready, null, { timeout: 20000 });

  await waitForSettledText(grace.page, `Hi @${graceName} please review`);
  assert.equal(new URL(grace.page.url()).searchParams.get('user'), graceName, 'user of the opened document');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('bell reads inbox without bridge and reconnects', { timeout: 90000 }, async () => {
  const [adaName, graceName] = uniqueUserNames('Ada', 'Grace');
  const doc = uniqueDocName('bell-offline');
  const ada = await open({ doc, user: adaName });
  const shared = await restAs(adaName, 'PUT', grantPath(doc, graceName), { role: 'editor' });
  // The bridge's first SockJS request (/eventbus/info) fails, so no socket of it ever opens.
  const isBridge = (url) => url.pathname.startsWith('/eventbus');
  const blockBridge = (context) => context.route(isBridge, (route) => route.abort());
  const grace = await open({ doc: uniqueDocName('bell-own'), user: graceName, beforeLoad: blockBridge });

  await waitForBellCount(grace.page, 1);
  await grace.page.waitForTimeout(1000); // a few reconnect attempts
  const blocked = await bellState(grace.page);
  await grace.page.click('#bell-button');
  const entries = await bellEntries(grace.page);
  const message = await grace.page.$eval('#bell-message', (element) => (element.hidden ? '' : element.textContent));

  assert.equal(shared.status, 204, `PUT of Grace's grant: ${JSON.stringify(shared.body)}`);
  assert.deepEqual(blocked, { live: false, unread: 1, badge: '1' }, 'Grace\'s bell with the bridge blocked');
  assert.deepEqual(entries.map((entry) => [entry.kind, entry.doc]), [['shared', doc]], 'entries read from the inbox');
  assert.equal(message, '', 'message in the list');
  assertNoPageErrors(grace);

  await grace.context.unroute(isBridge);
  await waitForBellLive(grace.page, 30000);
  await grace.page.waitForTimeout(BRIDGE_REGISTRATION_SETTLE_MS);
  const changed = await restAs(adaName, 'PUT', grantPath(doc, graceName), { role: 'viewer' });

  assert.equal(changed.status, 204, `PUT of Grace's new role: ${JSON.stringify(changed.body)}`);
  await waitForBellCount(grace.page, 2);
  const entriesLive = await bellEntries(grace.page);
  assert.deepEqual(entriesLive.map((entry) => entry.text), ['Your role changed from editor to viewer', 'Shared with you as editor'],
    'entries after the push');
  assertNoPageErrors(ada, grace);
  await closeAll();
});

test('page signs in with a token in jwt mode', { timeout: 120000 }, async (t) => {
  if (!node.restartable) return t.skip('the node under test is external (TANDEM_TEST_URL)');
  const jwtNode = await startNode({ name: 'browser-jwt', env: { TANDEM_AUTH_MODE: 'jwt', TANDEM_JWT_SECRET: JWT_SECRET } });
  try {
    const [adaName, graceName] = uniqueUserNames('ada', 'grace');
    const doc = uniqueDocName('jwt');
    const ada = await openEditor(browser, jwtNode, { doc, hash: `token=${signToken(adaName)}`, query: { kind: 'plain' } });
    contexts.push(ada.context);
    await ada.page.click('textarea');
    await ada.page.keyboard.type('Signed in.');
    await waitForSettledText(ada.page, 'Signed in.');
    await waitForBellLive(ada.page);
    const adaPicker = await ada.page.$eval('#picker-user', (input) => ({ value: input.value, disabled: input.disabled }));
    const adaStatus = await connectionStatus(ada.page);

    assert.equal(new URL(ada.page.url()).hash, '', 'the token is removed from the address bar');
    assert.deepEqual(adaPicker, { value: adaName, disabled: true }, 'the name is the token\'s subject');
    assert.equal(adaStatus.text, 'Connected via WebSocket', 'the token rides on the WebSocket, with no SockJS fallback');

    const grace = await openEditor(browser, jwtNode, { doc, hash: `token=${signToken(graceName)}`, waitReady: false });
    contexts.push(grace.context);
    await grace.page.waitForSelector('#doc-error:not([hidden])', { timeout: 20000 });
    const denied = await grace.page.$eval('#doc-error', (element) => element.textContent);
    await waitForBellLive(grace.page);
    await grace.page.waitForTimeout(BRIDGE_REGISTRATION_SETTLE_MS);
    const shared = await fetch(`${jwtNode.httpUrl}/api/v1/documents/${COLLECTION}/${encodeURIComponent(doc)}/acl/`
      + `${encodeURIComponent(graceName)}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${signToken(adaName)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'editor' }),
    });
    await waitForBellCount(grace.page, 1);

    assert.match(denied, /Failed to open/, 'Grace has no access before the share');
    assert.equal(shared.status, 204, 'PUT of Grace\'s grant with Ada\'s token');

    // A reload has no fragment: the page signs in again with the token the tab kept.
    await grace.page.reload();
    await grace.page.waitForFunction(() => window.tandem && window.tandem.ready, null, { timeout: 20000 });
    await waitForSettledText(grace.page, 'Signed in.');
    assertNoPageErrors(ada, grace);
    await closeAll();
  } finally {
    await jwtNode.stop();
  }
});

test('screenshot of two editors side by side', { timeout: 60000 }, async () => {
  const doc = uniqueDocName('notes');
  const viewport = { width: 900, height: 560 };
  const ada = await open({ doc, user: 'Ada', viewport });
  const grace = await open({ doc, user: 'Grace', viewport });
  await ada.page.click('.ql-editor');
  await ada.page.keyboard.type('Launch checklist');
  await ada.page.evaluate(() => window.tandem.editor.formatLine(0, 1, 'header', 2, 'user'));
  await ada.page.keyboard.press('Enter');
  await ada.page.keyboard.type('Ship the demo page with every node.');
  await ada.page.keyboard.press('Enter');
  await ada.page.keyboard.type('Run the browser tests in CI.');
  await waitForSettledText(grace.page, 'Launch checklist\nShip the demo page with every node.\nRun the browser tests in CI.\n');
  await placeCaret(grace.page, await grace.page.evaluate(() => window.tandem.editor.getLength() - 1));
  await grace.page.keyboard.press('Enter');
  await grace.page.keyboard.type('Write the release notes together.', { delay: 5 });
  await ada.page.evaluate(() => window.tandem.editor.setSelection(17, 8, 'user')); // "Ship the"
  await ada.page.waitForTimeout(300); // lets both cursors reach the other page
  await waitForSettledText(ada.page, await editorText(grace.page));

  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const shots = await Promise.all([ada.page.screenshot(), grace.page.screenshot()]);
  const sheet = await browser.newPage({ viewport: { width: viewport.width * 2 + 12, height: viewport.height } });
  await sheet.setContent(`<body style="margin:0;background:#8c959f;display:flex;gap:12px">
    <img src="data:image/png;base64,${shots[0].toString('base64')}">
    <img src="data:image/png;base64,${shots[1].toString('base64')}"></body>`);
  const file = path.join(OUTPUT_DIR, 'editors.png');
  await sheet.screenshot({ path: file });
  await sheet.close();

  assert.ok(fs.statSync(file).size > 10000, `${file} is written`);
  assertNoPageErrors(ada, grace);
  await closeAll();
});
