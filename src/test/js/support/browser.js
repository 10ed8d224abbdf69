'use strict';
// Drives the demo page in headless Chromium through playwright-core. The browser is the system's
// Chromium (Debian package `chromium`), never a downloaded build. TANDEM_CHROMIUM names another
// executable.

const fs = require('node:fs');
const crypto = require('node:crypto');
const { chromium } = require('playwright-core');

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Returns the Chromium executable to launch, or throws saying how to install one. */
function chromiumPath() {
  const configured = process.env.TANDEM_CHROMIUM;
  if (configured) {
    if (!fs.existsSync(configured)) throw new Error(`TANDEM_CHROMIUM=${configured} does not exist: set it to a Chromium executable or unset it`);
    return configured;
  }
  const found = CHROMIUM_CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(`no Chromium found at ${CHROMIUM_CANDIDATES.join(' or ')}: install it with `
      + '"apt-get install chromium" or set TANDEM_CHROMIUM to its executable');
  }
  return found;
}

async function launchBrowser() {
  // Chromium's sandbox cannot start as root, which is how CI containers run.
  const args = process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [];
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args });
}

/** Returns a document name no other test or run uses, so runs can share one database. */
function uniqueDocName(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}

/**
 * Opens the demo page for `doc` in a new browser context (its own storage and network state)
 * and waits until the editor is bound to the document, unless `waitReady` is false. `query` adds
 * URL parameters such as {transport: 'sockjs'} or {kind: 'plain'}, and `hash` a fragment such as
 * 'token=JWT'. `beforeLoad(context)` runs before the page loads.
 * Returns {context, page, errors}, where errors collects uncaught page exceptions and content
 * security policy violations.
 */
async function openEditor(browser, node, { doc, user, query = {}, hash, viewport, beforeLoad, waitReady = true }) {
  const context = await browser.newContext({ viewport: viewport || { width: 1000, height: 640 } });
  if (beforeLoad) await beforeLoad(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });

  const params = new URLSearchParams({ doc, ...(user === undefined ? {} : { user }), ...query });
  await page.goto(`${node.httpUrl}/?${params}${hash ? `#${hash}` : ''}`);
  if (waitReady) await page.waitForFunction(() => window.tandem && window.tandem.ready, null, { timeout: 20000 });
  return { context, page, errors };
}

/** Returns the editor's text: Quill's getText() in rich-text mode, the textarea's value in plain mode. */
function editorText(page) {
  return page.evaluate(() => {
    const { editor } = window.tandem;
    return typeof editor.getText === 'function' ? editor.getText() : editor.value;
  });
}

/**
 * Waits until the page shows `expected` and has no op waiting for the server's acknowledgement.
 * On timeout the error shows what the page had.
 */
async function waitForSettledText(page, expected, timeoutMs = 20000) {
  try {
    await page.waitForFunction((text) => {
      const { editor, doc } = window.tandem;
      const current = typeof editor.getText === 'function' ? editor.getText() : editor.value;
      return current === text && !doc.hasPending();
    }, expected, { timeout: timeoutMs, polling: 50 });
  } catch (err) {
    const actual = await editorText(page).catch(() => '(page unavailable)');
    throw new Error(`timed out after ${timeoutMs} ms waiting for the page to show ${JSON.stringify(expected)} `
      + `with no pending op; it shows ${JSON.stringify(actual)}`);
  }
}

/** Reads the connection indicator: {state, pending, text}. */
function connectionStatus(page) {
  return page.$eval('#status', (element) => ({
    state: element.dataset.state,
    pending: element.dataset.pending === 'true',
    text: element.textContent,
  }));
}

/** Waits until the connection indicator shows `state` ('connected', 'reconnecting' or 'offline'). */
async function waitForConnectionState(page, state, timeoutMs = 20000) {
  await page.waitForSelector(`#status[data-state="${state}"]`, { timeout: timeoutMs });
}

/** Places the caret of the page's Quill editor at `index`, as a click there would. */
async function placeCaret(page, index) {
  await page.evaluate((at) => window.tandem.editor.setSelection(at, 0, 'user'), index);
}

/**
 * Reads the notification bell: {live, unread, badge}. live is true while the event-bus bridge
 * socket is open, unread is the page's unread count, and badge is the count shown ('' when hidden).
 */
function bellState(page) {
  return page.$eval('#bell', (element) => {
    const badge = element.querySelector('#bell-count');
    return {
      live: element.dataset.live === 'true',
      unread: Number(element.dataset.unread),
      badge: badge.hidden ? '' : badge.textContent,
    };
  });
}

/** Waits until the bell counts `unread` unread notifications. On timeout the error shows the bell. */
async function waitForBellCount(page, unread, timeoutMs = 20000) {
  try {
    await page.waitForSelector(`#bell[data-unread="${unread}"]`, { timeout: timeoutMs });
  } catch (err) {
    const actual = await bellState(page).catch(() => '(page unavailable)');
    throw new Error(`timed out after ${timeoutMs} ms waiting for the bell to count ${unread} unread, `
      + `but it shows ${JSON.stringify(actual)}`);
  }
}

/** Waits until the bell's event-bus bridge socket is open. */
async function waitForBellLive(page, timeoutMs = 20000) {
  await page.waitForSelector('#bell[data-live="true"]', { timeout: timeoutMs });
}

module.exports = {
  chromiumPath, launchBrowser, uniqueDocName, openEditor, editorText, waitForSettledText,
  connectionStatus, waitForConnectionState, placeCaret, bellState, waitForBellCount, waitForBellLive,
};
