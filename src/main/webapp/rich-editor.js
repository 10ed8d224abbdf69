// Binds a Quill 2 editor to a ShareDB document of the rich-text type, and shows the other
// people's cursors and selections with quill-cursors. Positions are Quill indexes (UTF-16 code
// units), which is what the rich-text type counts.
import Quill from 'quill';
import QuillCursors from 'quill-cursors';
import 'quill/dist/quill.snow.css';

Quill.register('modules/cursors', QuillCursors);

const FLAG_SHOW_MILLIS = 3000;

const TOOLBAR = [
  [{ header: [1, 2, false] }],
  ['bold', 'italic', 'underline', 'strike'],
  [{ list: 'ordered' }, { list: 'bullet' }],
  ['link', 'blockquote', 'code-block'],
  ['clean'],
];

/**
 * Creates the editor in `host` for `doc` (subscribed, of type rich-text) and wires it to the
 * document presence: `localPresence` receives this user's selection, and `docPresence`'s remote
 * presences become cursors. `me` is {name, color}. Returns the Quill instance.
 */
export function bindRichText({ host, doc, docPresence, localPresence, me }) {
  const element = document.createElement('div');
  host.replaceChildren(element);
  const quill = new Quill(element, {
    theme: 'snow',
    placeholder: 'Start typing; everyone here sees it as you type.',
    modules: {
      toolbar: TOOLBAR,
      // Undo reverts only this user's edits, never what others typed.
      history: { userOnly: true },
      // quill-cursors moves remote carets on every text change; sharedb moves the stored
      // presence values by the same ops, so both stay in step.
      cursors: { transformOnTextChange: true },
    },
  });
  quill.setContents(doc.data, 'silent');
  const cursors = quill.getModule('cursors');

  quill.on('text-change', (delta, oldContents, source) => {
    if (source !== 'user') return; // edits from remote ops come back here with source 'api'
    doc.submitOp(delta, { source: quill });
    sendSelection();
  });
  doc.on('op', (op, source) => {
    if (source === quill) return;
    quill.updateContents(op, 'api');
  });

  // Sends the selection when the user moves it or types. Other clients would move this cursor
  // by the ops alone, but a presence message also shows them the name flag while the user types.
  // A blur (null range) keeps the last position visible.
  function sendSelection() {
    const range = quill.getSelection();
    if (!range) return;
    localPresence.submit({ index: range.index, length: range.length, name: me.name, color: me.color }, reportError);
  }
  quill.on('selection-change', (range, oldRange, source) => {
    if (source === 'user') sendSelection();
  });

  const flagTimers = new Map();
  const showCursor = (presenceId, value) => {
    if (!value || typeof value.index !== 'number') {
      clearTimeout(flagTimers.get(presenceId));
      flagTimers.delete(presenceId);
      cursors.removeCursor(presenceId);
      return;
    }
    cursors.createCursor(presenceId, String(value.name), value.color);
    cursors.moveCursor(presenceId, { index: value.index, length: value.length || 0 });
    // The name flag shows while the cursor moves and for FLAG_SHOW_MILLIS after.
    cursors.toggleFlag(presenceId, true);
    clearTimeout(flagTimers.get(presenceId));
    flagTimers.set(presenceId, setTimeout(() => cursors.toggleFlag(presenceId, false), FLAG_SHOW_MILLIS));
  };
  docPresence.on('receive', showCursor);
  for (const [presenceId, value] of Object.entries(docPresence.remotePresences)) showCursor(presenceId, value);
  return quill;
}

function reportError(err) {
  if (err) console.warn('presence update failed', err);
}
