// The page user's notifications, for the bell: the unread ones from the inbox
// (GET /api/v1/notifications?unread=true), then each new one as the node pushes it through the
// SockJS event-bus bridge at /eventbus on the address tandem.notify.<user>.
// The bridge socket reconnects with the same backoff as the sharedb connection. The inbox is read
// again each time the socket opens, because the node does not replay pushes made while it was closed.
import EventBus from '@vertx/eventbus-bridge-client.js';
import { FIRST_RETRY_MILLIS, MAX_RETRY_MILLIS, SOCKJS_TRANSPORTS } from './connection.js';

/** Unread notifications read in one request. With more unread than this, the count shows as a lower bound. */
const INBOX_PAGE_SIZE = 100;
const KINDS = ['shared', 'role_changed', 'unshared', 'mentioned', 'deleted', 'restored'];

/**
 * Opens the feed of `user`, whose requests carry `authQuery` (see auth.js). `transport` is the page's choice: 'sockjs' keeps the bridge off
 * WebSocket too. `onChange` is called whenever the notifications, their read state or the state
 * of the feed change. Returns {snapshot(), refresh(), markAllRead(), markRead(id)}.
 */
export function openNotificationFeed({ user, authQuery, transport, onChange }) {
  // The user goes in a query parameter rather than a header, because the dev auth mode's
  // X-Tandem-User header could not carry every name: fetch rejects values outside ISO-8859-1.
  const address = `tandem.notify.${user}`;
  // Only transports served by the node itself. SockJS's iframe transports would load the SockJS
  // script from a CDN (vertx-web 5.0.7's default libraryURL), which the page's content security
  // policy blocks.
  const transports = transport === 'sockjs' ? SOCKJS_TRANSPORTS : ['websocket', ...SOCKJS_TRANSPORTS];

  /** Notifications by id. A pushed one is unread, and marking one read keeps it in the list. */
  const notifications = new Map();
  let moreUnread = false;
  let errorMessage = null;
  let bus = null;
  let live = false;
  let retryMillis = FIRST_RETRY_MILLIS;
  let retryTimer = null;
  let latestRefresh = 0;
  /** One set per inbox read in flight, collecting the ids pushed meanwhile, which that read may miss. */
  const pushedDuringRefresh = new Set();
  /**
   * Ids that this page marked read, and the highest id that "Mark all read" covered. An inbox read
   * that started before the mark-read request may still list them as unread.
   */
  const markedRead = new Set();
  let markedAllReadThroughId = 0;

  function isMarkedRead(id) {
    return id <= markedAllReadThroughId || markedRead.has(id);
  }

  function snapshot() {
    const list = [...notifications.values()].sort((a, b) => b.id - a.id);
    const unread = list.filter((n) => !n.read).length;
    return { notifications: list, unread, moreUnread, live, errorMessage };
  }

  async function requestJson(method, path, body) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await fetch(`${path}${separator}${authQuery}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A mark-read request sent as the page navigates away still reaches the node.
      keepalive: method === 'POST',
    });
    if (!response.ok) throw new Error(`${method} ${path} returned HTTP ${response.status}`);
    return response.json();
  }

  /**
   * Reads the unread notifications from the inbox and makes them the unread set. Those pushed
   * while the request was in flight stay unread too, and every other one is marked read, as
   * another page of the same user may have marked it. Those that this page marked read stay read.
   */
  async function refresh() {
    const refreshNumber = ++latestRefresh;
    const pushed = new Set();
    pushedDuringRefresh.add(pushed);
    try {
      const inboxPage = await requestJson('GET', `/api/v1/notifications?unread=true&limit=${INBOX_PAGE_SIZE}`);
      if (refreshNumber !== latestRefresh) return;
      const listed = inboxPage.notifications.filter(isNotification);
      const unreadIds = new Set(pushed);
      for (const notification of listed) {
        unreadIds.add(notification.id);
        notifications.set(notification.id, notification);
      }
      moreUnread = typeof inboxPage.cursor === 'string';
      // With more unread than one page, those older than the page are unknown and keep their state.
      const oldestListedId = moreUnread ? Math.min(...listed.map((n) => n.id)) : 0;
      for (const notification of notifications.values()) {
        if (notification.id < oldestListedId) continue;
        notification.read = !unreadIds.has(notification.id) || isMarkedRead(notification.id);
      }
      errorMessage = null;
    } catch (err) {
      if (refreshNumber !== latestRefresh) return;
      console.warn('reading the notification inbox failed', err);
      errorMessage = 'Notifications could not be loaded. Opening this list again retries.';
    } finally {
      pushedDuringRefresh.delete(pushed);
    }
    onChange();
  }

  function receive(err, message) {
    if (err) {
      console.warn('notification bridge rejected a message', err);
      return;
    }
    const notification = message.body;
    if (!isNotification(notification)) return;
    for (const pushed of pushedDuringRefresh) pushed.add(notification.id);
    notifications.set(notification.id, { ...notification, read: isMarkedRead(notification.id) });
    onChange();
  }

  async function markAllRead() {
    // The node marks every notification stored before the request, which includes all that this
    // page knows of now. One pushed while the request is in flight may be newer and stays unread.
    const throughId = Math.max(0, ...notifications.keys());
    try {
      await requestJson('POST', '/api/v1/notifications/read', { all: true });
    } catch (err) {
      console.warn('marking all notifications read failed', err);
      errorMessage = 'Marking read failed. Try again.';
      onChange();
      return;
    }
    // NOTE: the node also marks a notification stored just before the request whose push arrives
    // after it. That one shows unread until the next inbox read, which marks it read.
    markedAllReadThroughId = Math.max(markedAllReadThroughId, throughId);
    for (const notification of notifications.values()) {
      if (isMarkedRead(notification.id)) notification.read = true;
    }
    moreUnread = false;
    errorMessage = null;
    onChange();
  }

  /** Marks one notification read. The request is not awaited, so a link can navigate at once. */
  function markRead(id) {
    const notification = notifications.get(id);
    if (!notification || notification.read) return;
    markedRead.add(id);
    notification.read = true;
    onChange();
    requestJson('POST', '/api/v1/notifications/read', { ids: [id] })
      .catch((err) => console.warn('marking a notification read failed', err));
  }

  function connectBridge() {
    clearTimeout(retryTimer);
    retryTimer = null;
    if (!navigator.onLine) return; // the 'online' event reconnects
    const socket = new EventBus(`${window.location.origin}/eventbus?${authQuery}`, { transports });
    bus = socket;
    socket.onerror = (err) => console.warn('notification bridge error', err);
    socket.onopen = () => {
      retryMillis = FIRST_RETRY_MILLIS;
      live = true;
      // Registers before reading the inbox, so that a notification stored after the read is pushed.
      // NOTE: the node registers the address asynchronously (a clustered consumer), so a
      // notification stored after the read but before the registration completes is not pushed.
      // The next inbox read, when the list opens or the socket reopens, shows it.
      socket.registerHandler(address, receive);
      onChange();
      refresh();
    };
    socket.onclose = () => {
      if (bus !== socket) return;
      bus = null;
      live = false;
      onChange();
      if (retryTimer === null) {
        retryTimer = setTimeout(connectBridge, retryMillis);
        retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
      }
    };
  }

  window.addEventListener('offline', () => {
    // As for the sharedb socket: a lost network may go unnoticed for minutes otherwise.
    if (bus) bus.close();
  });
  window.addEventListener('online', () => {
    retryMillis = FIRST_RETRY_MILLIS;
    if (!bus) connectBridge();
  });

  // The inbox is read once the bridge is open. Reading it now as well shows the count at once,
  // and shows it when the bridge never opens.
  refresh();
  connectBridge();
  return { snapshot, refresh, markAllRead, markRead };
}

function isNotification(value) {
  return value !== null && typeof value === 'object' && Number.isInteger(value.id) && KINDS.includes(value.kind)
    && typeof value.docId === 'string' && typeof value.collection === 'string';
}
