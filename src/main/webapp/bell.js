// The notification bell in the page header: the unread count on the button, and a list that the
// button opens, newest first, with a "Mark all read" action. A notification about a document of
// the page's collection that the user can still open links to it.
import { openNotificationFeed } from './notification-feed.js';

const MAX_SHOWN_COUNT = 99;
/** Kinds whose document the user cannot open any more: access removed, or the document deleted. */
const CLOSED_KINDS = ['unshared', 'deleted'];

/**
 * Opens the notification feed of `user`, whose requests carry `authQuery`, and binds it to the
 * bell's elements. `collection` is the
 * page's collection, and `documentUrl(docId)` returns the page URL that opens a document of it.
 * Returns the feed.
 */
export function mountBell({ elements, user, authQuery, transport, collection, documentUrl }) {
  const feed = openNotificationFeed({ user, authQuery, transport, onChange: render });

  function render() {
    const { notifications, unread, moreUnread, live, errorMessage } = feed.snapshot();
    elements.root.dataset.live = String(live);
    elements.root.dataset.unread = String(unread);
    elements.count.hidden = unread === 0;
    elements.count.textContent = countText(unread, moreUnread);
    const unreadText = unread === 0 ? 'no unread' : `${countText(unread, moreUnread)} unread`;
    elements.button.setAttribute('aria-label', `Notifications, ${unreadText}`);
    elements.button.title = live ? 'Notifications' : 'Notifications (live updates paused, reconnecting)';
    elements.markAll.disabled = unread === 0;

    const now = Date.now();
    elements.list.replaceChildren(...notifications.map((notification) => renderItem(notification, now)));
    const message = errorMessage || (notifications.length === 0 ? 'No unread notifications.' : '');
    elements.message.textContent = message;
    elements.message.hidden = !message;
  }

  function renderItem(notification, now) {
    const item = document.createElement('li');
    item.className = 'bell-item';
    item.dataset.id = String(notification.id);
    item.dataset.kind = notification.kind;
    item.dataset.read = String(notification.read);

    const kindLabel = document.createElement('span');
    kindLabel.className = 'bell-kind';
    kindLabel.textContent = describeKind(notification);

    const openable = notification.collection === collection && !CLOSED_KINDS.includes(notification.kind);
    const documentLabel = document.createElement(openable ? 'a' : 'span');
    documentLabel.className = 'bell-doc';
    documentLabel.textContent = notification.collection === collection
      ? notification.docId : `${notification.collection}/${notification.docId}`;
    if (openable) {
      documentLabel.href = documentUrl(notification.docId);
      documentLabel.addEventListener('click', () => feed.markRead(notification.id));
    }

    const byline = document.createElement('span');
    byline.className = 'bell-meta';
    const when = document.createElement('time');
    const created = new Date(notification.createdAt);
    when.dateTime = created.toISOString();
    when.title = created.toLocaleString();
    when.textContent = describeTime(notification.createdAt, now);
    byline.append(`by ${notification.actor} · `, when);

    item.append(kindLabel, documentLabel, byline);
    return item;
  }

  function setOpen(open) {
    elements.panel.hidden = !open;
    elements.button.setAttribute('aria-expanded', String(open));
    if (open) {
      render(); // the relative times have moved on since the last render
      feed.refresh();
    }
  }

  elements.button.addEventListener('click', () => setOpen(elements.panel.hidden));
  elements.markAll.addEventListener('click', () => feed.markAllRead());
  document.addEventListener('click', (event) => {
    if (!elements.panel.hidden && !elements.root.contains(event.target)) setOpen(false);
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || elements.panel.hidden) return;
    setOpen(false);
    elements.button.focus();
  });

  render();
  return feed;
}

function countText(unread, moreUnread) {
  if (unread > MAX_SHOWN_COUNT) return `${MAX_SHOWN_COUNT}+`;
  return moreUnread ? `${unread}+` : String(unread);
}

function describeKind(notification) {
  switch (notification.kind) {
    case 'shared': return `Shared with you as ${notification.role}`;
    case 'role_changed': return `Your role changed from ${notification.previousRole} to ${notification.role}`;
    case 'unshared': return 'Your access was removed';
    case 'mentioned': return 'Mentioned you';
    case 'deleted': return 'Deleted a document you own';
    case 'restored': return 'Restored a document you own';
    default: return notification.kind;
  }
}

function describeTime(createdAtMillis, nowMillis) {
  const seconds = Math.round((nowMillis - createdAtMillis) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  const created = new Date(createdAtMillis);
  if (created.toDateString() === new Date(nowMillis).toDateString()) {
    return created.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }
  return created.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}
