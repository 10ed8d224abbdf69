// Binds a textarea to a ShareDB document of the text-unicode type. The type counts Unicode code
// points while the textarea counts UTF-16 code units, so every position is converted at the
// boundary. Presence values {index, length} are in code points, as the served tandem-types module
// transforms them.
import { type as textUnicodeType } from 'ot-text-unicode';

/** Converts a UTF-16 offset into `text` to a code point offset. */
export function toCodePoints(text, utf16Offset) {
  let count = 0;
  for (let i = 0; i < utf16Offset && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The high half of a pair counts; its low half does not.
    if (!(unit >= 0xdc00 && unit <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) count++;
  }
  return count;
}

/** Converts a code point offset into `text` to a UTF-16 offset. */
export function toUtf16(text, codePointOffset) {
  let offset = 0;
  for (let points = 0; points < codePointOffset && offset < text.length; points++) {
    offset += isHighSurrogate(text.charCodeAt(offset)) && offset + 1 < text.length ? 2 : 1;
  }
  return offset;
}

function isHighSurrogate(unit) {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * Builds the text-unicode op that turns `before` into `after`, as one replaced range between
 * their common prefix and suffix. Returns null when they are equal.
 */
export function diffOp(before, after) {
  if (before === after) return null;
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix
    && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // A cut between the halves of a surrogate pair would make a position no code point count can name.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isHighSurrogate(before.charCodeAt(before.length - suffix - 1))) suffix--;

  const removed = before.slice(prefix, before.length - suffix);
  const inserted = after.slice(prefix, after.length - suffix);
  const op = [];
  const start = toCodePoints(before, prefix);
  if (start > 0) op.push(start);
  if (removed) op.push({ d: [...removed].length });
  if (inserted) op.push(inserted);
  return op;
}

/**
 * Makes `host` a textarea bound to `doc` (subscribed, of type text-unicode) and sends this user's
 * selection to `localPresence`. `me` is {name, color}. Returns the textarea.
 */
export function bindPlainText({ host, doc, localPresence, me }) {
  const textarea = document.createElement('textarea');
  textarea.className = 'plain-editor';
  textarea.spellcheck = false;
  textarea.placeholder = 'Plain text; everyone here sees it as you type.';
  textarea.value = doc.data;
  host.replaceChildren(textarea);

  // The document text as the textarea showed it after the last sync. Input is diffed against it.
  let syncedText = doc.data;

  textarea.addEventListener('input', () => {
    const op = diffOp(syncedText, textarea.value);
    syncedText = textarea.value;
    if (op) doc.submitOp(op, { source: textarea });
    sendSelection();
  });

  doc.on('op', (op, source) => {
    if (source === textarea) return;
    const start = toCodePoints(syncedText, textarea.selectionStart);
    const end = toCodePoints(syncedText, textarea.selectionEnd);
    const direction = textarea.selectionDirection;
    syncedText = doc.data;
    // NOTE: assigning the value clears the textarea's own undo history, so after a remote edit
    // Ctrl+Z cannot undo earlier local typing.
    textarea.value = syncedText;
    const newStart = textUnicodeType.transformPosition(start, op);
    const newEnd = textUnicodeType.transformPosition(end, op);
    textarea.setSelectionRange(toUtf16(syncedText, newStart), toUtf16(syncedText, newEnd), direction);
  });

  function sendSelection() {
    const index = toCodePoints(syncedText, textarea.selectionStart);
    const length = toCodePoints(syncedText, textarea.selectionEnd) - index;
    const current = localPresence.value;
    if (current && current.index === index && current.length === length) return;
    localPresence.submit({ index, length, name: me.name, color: me.color }, (err) => {
      if (err) console.warn('presence update failed', err);
    });
  }
  document.addEventListener('selectionchange', () => {
    if (document.activeElement === textarea) sendSelection();
  });
  return textarea;
}
