'use strict';
// A client of the Vert.x SockJS event-bus bridge at /eventbus, speaking its JSON frames over
// sockjs-client: {type: 'register' | 'unregister' | 'send' | 'publish' | 'ping', address, body}
// out, {type: 'rec', address, body} and {type: 'err', ...} in.

const SockJS = require('sockjs-client');
const { withTimeout } = require('./docs');

/** The bridge closes a socket that sends no ping for 10 s (SockJSBridgeOptions' default); the browser client pings every 5 s. */
const PING_INTERVAL_MS = 4000;

class BridgeClient {
  /** `query` authenticates the socket, such as `user=bob` in dev mode or `access_token=...` in jwt mode. */
  constructor(node, query, { transport = 'websocket' } = {}) {
    this.received = [];
    this.errors = [];
    this.closed = null;
    this.socket = new SockJS(`${node.httpUrl}/eventbus?${query}`, null, { transports: [transport] });
    this.opened = withTimeout(new Promise((resolve, reject) => {
      this.socket.onopen = resolve;
      this.socket.onclose = (event) => {
        this.closed = event;
        reject(new Error(`bridge socket closed before it opened: ${event.code} ${event.reason}`));
      };
    }), 15000, 'bridge socket open');
    this.socket.onmessage = (event) => {
      const frame = JSON.parse(event.data);
      if (frame.type === 'rec') this.received.push(frame);
      else if (frame.type === 'err') this.errors.push(frame);
    };
    this.pinger = setInterval(() => this.write({ type: 'ping' }), PING_INTERVAL_MS);
  }

  async open() {
    await this.opened;
    this.socket.onclose = (event) => { this.closed = event; };
    return this;
  }

  write(frame) {
    if (this.socket.readyState === SockJS.OPEN) this.socket.send(JSON.stringify(frame));
  }

  register(address) {
    this.write({ type: 'register', address, headers: {} });
  }

  send(address, body) {
    this.write({ type: 'send', address, body, headers: {} });
  }

  publish(address, body) {
    this.write({ type: 'publish', address, body, headers: {} });
  }

  /** Bodies received on `address`. */
  bodies(address) {
    return this.received.filter((frame) => frame.address === address).map((frame) => frame.body);
  }

  close() {
    clearInterval(this.pinger);
    this.socket.close();
  }
}

async function openBridge(node, query, options) {
  return new BridgeClient(node, query, options).open();
}

module.exports = { BridgeClient, openBridge };
