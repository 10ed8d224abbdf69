// The list of people in a document: the local user and every remote document presence that
// carries a name. Each presence value is {index, length, name, color}, where index and length
// locate the cursor in the units of the document's type.

const COLORS = ['#d1495b', '#00798c', '#edae49', '#6a4c93', '#30638e', '#2e933c', '#e07a5f', '#8d6a9f'];

/** Picks a color from the user name, so that a person keeps one color across reloads. */
export function colorFor(name) {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/**
 * Renders the list into `listElement`: `me` first, then the remote presences of `docPresence`
 * sorted by name. `describePosition(value)` returns a short text for where a remote cursor is.
 */
export function renderPeople(listElement, me, docPresence, describePosition) {
  const remote = Object.entries(docPresence.remotePresences)
    .filter(([, value]) => value && typeof value.name === 'string')
    .sort(([, a], [, b]) => a.name.localeCompare(b.name));

  const items = [personItem(`${me.name} (you)`, me.color, '', 'me')];
  for (const [presenceId, value] of remote) {
    items.push(personItem(value.name, value.color, describePosition(value), presenceId));
  }
  listElement.replaceChildren(...items);
}

function personItem(label, color, position, presenceId) {
  const item = document.createElement('li');
  item.dataset.presenceId = presenceId;
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.background = color;
  const name = document.createElement('span');
  name.className = 'person-name';
  name.textContent = label;
  item.append(swatch, name);
  if (position) {
    const where = document.createElement('span');
    where.className = 'person-position';
    where.textContent = position;
    item.append(where);
  }
  return item;
}
