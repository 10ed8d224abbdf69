// The demo page: opens one document named in the URL (?doc=NAME) in a rich-text editor or a
// plain-text editor, with the people editing it, the state of the connection and the user's
// notifications.
// URL parameters: doc, kind (rich or plain, used when the document is created), user (the name
// shown to others, in the dev auth mode), transport (sockjs forces SockJS; otherwise WebSocket
// with SockJS fallback). A fragment #token=JWT signs the page in for the jwt auth mode.
import ShareDB from 'sharedb/lib/client';
import richText from 'rich-text';
import { type as textUnicodeType } from 'ot-text-unicode';
import TandemTypes from '../resources/webroot/tandem-types.js';
import { chooseAuth } from './auth.js';
import { mountBell } from './bell.js';
import { openConnection } from './connection.js';
import { colorFor, renderPeople } from './people.js';
import { bindRichText } from './rich-editor.js';
import { bindPlainText, toUtf16 } from './plain-editor.js';
import './style.css';

const COLLECTION = 'demo';
const TYPE_BY_KIND = { rich: 'rich-text', plain: 'text-unicode' };

ShareDB.types.register(richText.type);
// Registers text-unicode with the presence transform that the npm package lacks.
TandemTypes.register(ShareDB, { textUnicode: textUnicodeType });

const elements = {
  picker: document.getElementById('picker'),
  pickerName: document.getElementById('picker-name'),
  pickerKind: document.getElementById('picker-kind'),
  pickerUser: document.getElementById('picker-user'),
  status: document.getElementById('status'),
  title: document.getElementById('doc-title'),
  error: document.getElementById('doc-error'),
  editorHost: document.getElementById('editor-host'),
  people: document.getElementById('people'),
  bell: {
    root: document.getElementById('bell'),
    button: document.getElementById('bell-button'),
    count: document.getElementById('bell-count'),
    panel: document.getElementById('bell-panel'),
    markAll: document.getElementById('bell-mark-all'),
    message: document.getElementById('bell-message'),
    list: document.getElementById('bell-list'),
  },
};

const params = new URLSearchParams(window.location.search);
const docName = (params.get('doc') || '').trim();
const kind = params.get('kind') === 'plain' ? 'plain' : 'rich';
const transport = params.get('transport') === 'sockjs' ? 'sockjs' : 'websocket';
const auth = chooseAuth(params.get('user'));
const userName = auth.user;
const me = { name: userName, color: colorFor(userName) };

// Exposed for the browser console and for the end-to-end tests.
const page = { me, doc: null, docPresence: null, localPresence: null, editor: null, ready: false };
window.tandem = page;

const link = openConnection({ auth, transport, onChange: renderStatus });
page.connection = link.connection;
page.status = link.status;
link.connection.on('error', (err) => console.warn('sharedb connection error', err));
page.notifications = mountBell({
  elements: elements.bell, user: userName, authQuery: auth.query, transport, collection: COLLECTION, documentUrl,
});

setUpPicker();
renderStatus();
if (docName) openDocument(docName);

function setUpPicker() {
  elements.pickerName.value = docName;
  elements.pickerKind.value = kind;
  elements.pickerUser.value = userName;
  // With a token the name is the token's subject, so it cannot be changed here.
  elements.pickerUser.disabled = auth.token !== null;
  elements.picker.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    next.set('doc', elements.pickerName.value.trim());
    next.set('kind', elements.pickerKind.value);
    if (auth.token === null) next.set('user', elements.pickerUser.value.trim());
    if (transport === 'sockjs') next.set('transport', 'sockjs');
    window.location.assign(`/?${next}`);
  });
}

/** Returns the URL of this page opening document `name`, for the same user and transport. */
function documentUrl(name) {
  const next = new URLSearchParams();
  next.set('doc', name);
  if (auth.token === null) next.set('user', userName);
  if (transport === 'sockjs') next.set('transport', 'sockjs');
  return `/?${next}`;
}

function renderStatus() {
  const { state, transport: via } = link.status();
  const pending = page.doc ? page.doc.hasPending() : false;
  elements.status.dataset.state = state;
  elements.status.dataset.pending = String(pending);
  let text;
  if (state !== 'connected' && auth.expiresAt !== null && Date.now() >= auth.expiresAt) {
    text = 'Signed out: the token has expired. Open the page with a new #token=';
  } else if (state === 'connected') text = `Connected via ${via}`;
  else if (state === 'offline') text = 'Offline';
  else text = 'Reconnecting';
  if (pending && state !== 'connected') text += ', edits kept until the connection returns';
  elements.status.textContent = text;
}

function showError(message) {
  elements.error.textContent = message;
  elements.error.hidden = false;
}

function openDocument(name) {
  document.title = `${name} · Tandem`;
  elements.title.textContent = name;
  const doc = link.connection.get(COLLECTION, name);
  page.doc = doc;
  doc.on('op', renderStatus);
  doc.on('nothing pending', renderStatus);
  doc.on('error', (err) => showError(`Document error: ${err.message}`));

  doc.subscribe((err) => {
    if (err) return showError(`Failed to open "${name}": ${err.message}`);
    if (doc.type) return startEditing(doc);
    doc.create(TYPE_BY_KIND[kind] === 'rich-text' ? [{ insert: '\n' }] : '', TYPE_BY_KIND[kind], (createError) => {
      // Another client may have created it first. Its snapshot then arrives through the subscription.
      if (createError && !doc.type) {
        return doc.fetch((fetchError) => {
          if (fetchError || !doc.type) return showError(`Failed to create "${name}": ${createError.message}`);
          startEditing(doc);
        });
      }
      startEditing(doc);
    });
  });
}

function startEditing(doc) {
  const typeName = doc.type.name;
  if (typeName !== 'rich-text' && typeName !== 'text-unicode') {
    return showError(`"${doc.id}" is a ${typeName} document; this page edits rich-text and text-unicode documents.`);
  }
  elements.pickerKind.value = typeName === 'rich-text' ? 'rich' : 'plain';
  elements.title.textContent = `${doc.id} (${typeName === 'rich-text' ? 'rich text' : 'plain text'})`;

  const docPresence = link.connection.getDocPresence(COLLECTION, doc.id);
  const localPresence = docPresence.create();
  Object.assign(page, { docPresence, localPresence });

  let describePosition;
  if (typeName === 'rich-text') {
    const quill = bindRichText({ host: elements.editorHost, doc, docPresence, localPresence, me });
    describePosition = (value) => `line ${lineOf(quill.getText(0, value.index))}`;
    page.editor = quill;
  } else {
    const textarea = bindPlainText({ host: elements.editorHost, doc, localPresence, me });
    describePosition = (value) => `line ${lineOf(doc.data.slice(0, toUtf16(doc.data, value.index)))}`;
    page.editor = textarea;
  }

  const refreshPeople = () => renderPeople(elements.people, me, docPresence, describePosition);
  docPresence.on('receive', refreshPeople);
  doc.on('op', refreshPeople);
  refreshPeople();
  docPresence.subscribe((err) => {
    if (err) return showError(`Failed to subscribe to presence, so cursors stay hidden: ${err.message}`);
    // Announces this user at the start of the document, so that others list them before they click.
    localPresence.submit({ index: 0, length: 0, name: me.name, color: me.color }, (submitError) => {
      if (submitError) console.warn('presence update failed', submitError);
    });
  });
  page.ready = true;
  renderStatus();
}

function lineOf(textBefore) {
  return textBefore.split('\n').length;
}
