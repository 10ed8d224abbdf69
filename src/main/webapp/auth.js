// The page's user, and how its requests prove who that is. With a token in the URL fragment
// (#token=JWT, which browsers never send to the server), the name is the token's subject. The
// WebSocket carries the token as its Sec-WebSocket-Protocol entry access_token.JWT, which keeps
// it out of the URL, and SockJS, the event-bus bridge and fetch carry it as the access_token
// query parameter, since they cannot set that header. Without a token the page names its user
// with ?user=, which only the dev auth mode accepts.

const TOKEN_KEY = 'tandem.token';
const NAME_KEY = 'tandem.user';
const MAX_NAME_LENGTH = 40;

/**
 * Returns {user, query, webSocketQuery, webSocketProtocols, token, expiresAt}: the user name, the
 * query parameter to add to SockJS and HTTP requests, the query and subprotocols of a WebSocket,
 * the token or null, and the token's expiry in milliseconds since the epoch or null.
 * `nameFromUrl` is the ?user= parameter, used only without a token.
 */
export function chooseAuth(nameFromUrl) {
  const token = takeToken();
  if (token) {
    const claims = decodeClaims(token);
    const user = typeof claims.sub === 'string' && claims.sub ? claims.sub : 'unknown user';
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
    return {
      user,
      query: `access_token=${encodeURIComponent(token)}`,
      webSocketQuery: '',
      webSocketProtocols: ['sharedb', `access_token.${token}`],
      token,
      expiresAt,
    };
  }
  const user = chooseName(nameFromUrl);
  const query = `user=${encodeURIComponent(user)}`;
  return { user, query, webSocketQuery: query, webSocketProtocols: undefined, token: null, expiresAt: null };
}

/**
 * Returns the token from the URL fragment, keeping it for the tab's later pages, or the one kept
 * earlier. The fragment is then removed from the address bar, so a copied link carries no token.
 */
function takeToken() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  const fromUrl = fragment.get('token') || fragment.get('access_token');
  if (fromUrl) {
    window.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
    return fromUrl;
  }
  return window.sessionStorage.getItem(TOKEN_KEY);
}

/** Returns the claims of a JWT without verifying it: the page only shows them, the node verifies. */
function decodeClaims(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    console.warn('the token is not a readable JWT, so the page names its user "unknown user"', err);
    return {};
  }
}

function chooseName(fromUrl) {
  let name = (fromUrl || '').trim() || window.localStorage.getItem(NAME_KEY) || '';
  if (!name) name = `Guest ${Math.floor(100 + Math.random() * 900)}`;
  name = name.slice(0, MAX_NAME_LENGTH);
  window.localStorage.setItem(NAME_KEY, name);
  return name;
}
