'use strict';
// ShareDB client connections to a Tandem node over WebSocket or SockJS, with a socket that tests
// can cut and replace the way a flaky network would.

const ShareDB = require('sharedb/lib/client');
const textUnicode = require('ot-text-unicode').type;
const richText = require('rich-text').type;
const WebSocket = require('ws');
const SockJS = require('sockjs-client');
const http = require('node:http');

// Vert.x's SockJS closes the TCP connection after every xhr-polling response without a
// "Connection: close" header. Node 20's default agent keeps connections alive and would send the
// next request on the closed one, failing it with a reset. Browsers retry such a request, but Node
// does not. sockjs-client in Node uses the global agent, so the tests turn keep-alive off there.
http.globalAgent = new http.Agent({ keepAlive: false });

ShareDB.types.register(textUnicode);
ShareDB.types.register(richText);

/**
 * Warnings the sharedb client logged, such as "Invalid version from server" when an ack skips
 * versions the client has not seen. The client recovers from these by fetching, so tests report
 * them as diagnostics instead of failing on them.
 */
const clientWarnings = [];
ShareDB.logger.setMethods({
  warn: (...args) => clientWarnings.push(args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')),
});

const TEXT_UNICODE = textUnicode.uri;

/** Transport names accepted by openSocket: plain WebSocket, or one SockJS transport. */
const TRANSPORTS = ['ws', 'sockjs-websocket', 'xhr-streaming', 'xhr-polling'];

function openSocket(node, { transport = 'ws', user }) {
  if (transport === 'ws') return new WebSocket(node.wsUrl(user));
  const sockjsTransport = transport === 'sockjs-websocket' ? 'websocket' : transport;
  if (!TRANSPORTS.includes(transport)) throw new Error(`unknown transport ${transport}; expected one of ${TRANSPORTS}`);
  return new SockJS(node.sockjsUrl(user), null, { transports: [sockjsTransport] });
}

/** Drops a socket without a clean close handshake where the socket type allows it. */
function dropSocket(socket) {
  if (typeof socket.terminate === 'function') {
    socket.terminate(); // ws: destroys the TCP connection, no close frame
  } else {
    // NOTE: sockjs-client 1.6 has no abrupt close. close(4000) ends the SockJS session, so the
    // server gets a disconnect, and the sharedb Connection moves to 'disconnected', not 'closed'.
    socket.close(4000, 'test cut');
  }
}

function waitForState(connection, states, timeoutMs, what) {
  if (states.includes(connection.state)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      connection.removeListener('state', onState);
      reject(new Error(`${what}: connection still '${connection.state}' after ${timeoutMs} ms, expected ${states.join(' or ')}`));
    }, timeoutMs);
    function onState(state) {
      if (!states.includes(state)) return;
      clearTimeout(timer);
      connection.removeListener('state', onState);
      resolve();
    }
    connection.on('state', onState);
  });
}

/**
 * A sharedb Connection whose socket can be cut. After cut() the connection is 'disconnected', and
 * reconnect() binds a new socket, and the client resends its inflight op with the same src and
 * seq and resubscribes its documents.
 */
class TestConnection {
  constructor(node, { transport = 'ws', user = 'tester' } = {}) {
    this.node = node;
    this.transport = transport;
    this.user = user;
    this.cuts = 0;
    this.connection = new ShareDB.Connection(openSocket(node, { transport, user }));
    // Errors that no callback takes (for example a rejected op without a callback) surface here.
    this.errors = [];
    this.connection.on('error', (err) => this.errors.push(err));
  }

  get id() {
    return this.connection.id;
  }

  whenConnected(timeoutMs = 20000) {
    return waitForState(this.connection, ['connected'], timeoutMs, `${this.transport} connection for ${this.user}`);
  }

  whenDisconnected(timeoutMs = 20000) {
    return waitForState(this.connection, ['disconnected'], timeoutMs, `disconnect of ${this.user}`);
  }

  /** Drops the socket abruptly and waits until the client has noticed. */
  async cut(timeoutMs = 10000) {
    this.cuts += 1;
    dropSocket(this.connection.socket);
    await waitForState(this.connection, ['disconnected'], timeoutMs, `cut of ${this.user}`);
  }

  /** Binds a new socket to the same Connection and waits for the handshake. */
  async reconnect(timeoutMs = 20000) {
    this.connection.bindToSocket(openSocket(this.node, { transport: this.transport, user: this.user }));
    await this.whenConnected(timeoutMs);
  }

  async cutAndReconnect({ pauseMs = 0 } = {}) {
    await this.cut();
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    await this.reconnect();
  }

  close() {
    this.connection.close();
  }
}

/** Opens a connection and waits until the server has greeted it. */
async function connect(node, options) {
  const conn = new TestConnection(node, options);
  await conn.whenConnected();
  return conn;
}

module.exports = { clientWarnings, connect, TestConnection, TRANSPORTS, TEXT_UNICODE, textUnicode, ShareDB };
