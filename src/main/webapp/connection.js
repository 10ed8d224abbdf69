// Keeps a sharedb Connection to the node that served the page, over WebSocket (/sharedb) or
// SockJS (/sockjs). The sharedb client does not reconnect by itself: when the socket closes, this
// module binds the connection to a new socket after a backoff, and the client then resubscribes
// and resends its unacknowledged ops.
import ShareDB from 'sharedb/lib/client';
import SockJS from 'sockjs-client';

export const FIRST_RETRY_MILLIS = 250;
export const MAX_RETRY_MILLIS = 8000;
// A WebSocket that fails this many times without ever opening is taken as blocked (a proxy or
// a browser without WebSocket), and the page switches to SockJS for the rest of its life.
const WEBSOCKET_FAILURES_BEFORE_SOCKJS = 2;
// SockJS transports that do not use WebSocket, as in the fallback case WebSocket is what fails.
export const SOCKJS_TRANSPORTS = ['xhr-streaming', 'xhr-polling'];

/**
 * Opens a connection for the user of `auth` (see auth.js), whose WebSocket and SockJS requests
 * carry what names or proves the user. `transport` is 'websocket' (with SockJS as fallback) or
 * 'sockjs'. `onChange` is called whenever the connection state, the browser's online state or
 * the transport changes. Returns {connection, status()}, where status() is
 * {state: 'connected' | 'reconnecting' | 'offline', transport}.
 */
export function openConnection({ auth, transport, onChange }) {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const webSocketQuery = auth.webSocketQuery ? `?${auth.webSocketQuery}` : '';
  const webSocketUrl = `${scheme}//${window.location.host}/sharedb${webSocketQuery}`;
  const sockJsUrl = `${window.location.origin}/sockjs?${auth.query}`;

  let useSockJs = transport === 'sockjs' || typeof window.WebSocket !== 'function';
  let webSocketOpened = false;
  let webSocketFailures = 0;
  let retryMillis = FIRST_RETRY_MILLIS;
  let retryTimer = null;
  let transportName = '';

  function createSocket() {
    if (useSockJs) {
      const socket = new SockJS(sockJsUrl, null, { transports: SOCKJS_TRANSPORTS });
      socket.addEventListener('open', () => {
        transportName = `SockJS (${socket.transport})`;
        onChange();
      });
      return socket;
    }
    const socket = new WebSocket(webSocketUrl, auth.webSocketProtocols);
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      webSocketOpened = true;
      transportName = 'WebSocket';
      onChange();
    });
    socket.addEventListener('close', () => {
      if (opened || webSocketOpened) return;
      webSocketFailures += 1;
      if (webSocketFailures >= WEBSOCKET_FAILURES_BEFORE_SOCKJS) useSockJs = true;
    });
    return socket;
  }

  const connection = new ShareDB.Connection(createSocket());

  function reconnect() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (!navigator.onLine) return; // the 'online' event reconnects
    connection.bindToSocket(createSocket());
  }

  connection.on('state', (state) => {
    if (state === 'connected') {
      retryMillis = FIRST_RETRY_MILLIS;
    } else if (state === 'disconnected' && retryTimer === null) {
      retryTimer = setTimeout(reconnect, retryMillis);
      retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
    }
    onChange();
  });

  window.addEventListener('offline', () => {
    // A socket may not notice a lost network until a write times out, which can take minutes, so
    // it is closed at once. Edits made meanwhile stay pending in the client until 'online'.
    connection.socket.close();
    onChange();
  });
  window.addEventListener('online', () => {
    retryMillis = FIRST_RETRY_MILLIS;
    if (connection.state !== 'connected' && connection.state !== 'connecting') reconnect();
    onChange();
  });

  function status() {
    if (connection.state === 'connected') return { state: 'connected', transport: transportName };
    if (!navigator.onLine) return { state: 'offline', transport: '' };
    return { state: 'reconnecting', transport: '' };
  }

  return { connection, status };
}
