// Shared helpers of every page: the API client (bearer token kept in
// sessionStorage, so closing the tab logs out), uploads with progress,
// French typography, safe DOM building (no innerHTML with data) and the
// accessible error summary.

const TOKEN_KEY = 'cesp.token';
const ACCOUNT_KEY = 'cesp.account';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// French typography for text we did not write ourselves (server messages):
// narrow no-break space before ; ! ? and inside « », no-break space before :,
// typographic apostrophe.
export function typo(text) {
  return String(text ?? '')
    .replace(/'/g, '\u2019')
    .replace(/ ([;!?])/g, '\u202f$1')
    .replace(/ :/g, '\u00a0:')
    .replace(/« /g, '«\u202f')
    .replace(/ »/g, '\u202f»');
}

// el('p', {class: 'x'}, 'texte', child...): attributes, then text or nodes.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : typo(child));
  }
  return node;
}

export function session() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const account = sessionStorage.getItem(ACCOUNT_KEY);
  return token && account ? { token, account: JSON.parse(account) } : null;
}

export function saveSession(token, account) {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(ACCOUNT_KEY, JSON.stringify(account));
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ACCOUNT_KEY);
}

const HOME_BY_ROLE = {
  candidate: '/app/candidat.html',
  agent: '/app/agent.html',
  ufr: '/app/agent.html',
  admin: '/app/agent.html',
  ars: '/app/ars.html',
  archivist: '/app/archives.html',
};
export function homeFor(role) {
  return HOME_BY_ROLE[role] || '/';
}

async function errorFrom(response) {
  let code = 'http_' + response.status;
  let message = 'Le serveur a répondu ' + response.status + '.';
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    }
  } catch (ignored) {
    // Not JSON: keep the generic message.
  }
  if (response.status === 401 && code === 'unauthenticated' && session()) {
    message = 'Votre session a expiré : reconnectez-vous.';
  }
  return new ApiError(response.status, code, message);
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  const current = session();
  if (current) headers.Authorization = 'Bearer ' + current.token;
  const init = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (networkError) {
    throw new ApiError(0, 'network', 'Le serveur est injoignable : vérifiez votre connexion.');
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

// Calls the API; resolves to the parsed JSON (or null for 204), rejects with
// ApiError carrying the server's stable code and French message.
export async function api(method, path, body) {
  const response = await request(method, path, body);
  if (response.status === 204) return null;
  return response.json();
}

// One page of a campaign-wide list: { items, total } (X-Total-Count).
export async function apiPage(path, offset, limit) {
  const response = await request('GET', path + '?offset=' + offset + '&limit=' + limit);
  const items = await response.json();
  const total = Number(response.headers.get('X-Total-Count'));
  return { items, total: Number.isFinite(total) ? total : items.length };
}

// Every page of a campaign-wide list, concatenated.
export async function apiAll(path) {
  const limit = 1000;
  const all = [];
  for (let offset = 0; ; offset += limit) {
    const page = await apiPage(path, offset, limit);
    all.push(...page.items);
    if (page.items.length < limit || all.length >= page.total) return all;
  }
}

// Downloads a binary resource with the session; resolves to a Blob.
export async function apiBlob(path) {
  const current = session();
  const response = await fetch(path, {
    headers: current ? { Authorization: 'Bearer ' + current.token } : {},
    credentials: 'omit',
    cache: 'no-store',
  });
  if (!response.ok) throw await errorFrom(response);
  return response.blob();
}

// Multipart upload through XMLHttpRequest, the one browser API that reports
// upload progress. onProgress(fraction) during the send, onSent() once the
// server has the whole body (it is then checking the piece).
export function upload(path, formData, onProgress, onSent) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const current = session();
    if (current) xhr.setRequestHeader('Authorization', 'Bearer ' + current.token);
    xhr.responseType = 'json';
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener('load', () => onSent && onSent());
    xhr.addEventListener('load', () => {
      const body = xhr.response;
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else {
        const error = body && body.error ? body.error : {};
        reject(new ApiError(xhr.status, error.code || 'http_' + xhr.status,
                            error.message || 'Le serveur a répondu ' + xhr.status + '.'));
      }
    });
    xhr.addEventListener('error', () =>
      reject(new ApiError(0, 'network', 'L\u2019envoi a échoué : vérifiez votre connexion et réessayez.')));
    xhr.send(formData);
  });
}

// Shows an error summary (role=alert) listing each problem, each linked to
// its field when there is one, and moves the focus to it.
export function showErrors(summary, problems) {
  summary.replaceChildren();
  if (!problems.length) {
    summary.hidden = true;
    return;
  }
  const list = el('ul', {});
  for (const problem of problems) {
    const text = typo(problem.message);
    list.append(el('li', {}, problem.field ? el('a', { href: '#' + problem.field }, text) : text));
  }
  summary.append(el('h2', { id: summary.id + '-titre' }, problems.length > 1 ? 'Il y a ' +
                    problems.length + ' problèmes' : 'Il y a un problème'), list);
  summary.hidden = false;
  summary.focus();
}

// Guards a page: redirects to the login page without a session or with a
// role the page is not for; fills the header; returns the session.
export function requireSession(roles) {
  const current = session();
  if (!current || (roles && !roles.includes(current.account.role))) {
    clearSession();
    location.replace('/');
    return null;
  }
  const who = document.getElementById('qui');
  if (who) who.textContent = typo(current.account.display_name || current.account.login);
  const logout = document.getElementById('deconnexion');
  if (logout) {
    logout.hidden = false;
    logout.addEventListener('click', async () => {
      try {
        await api('DELETE', '/api/v1/session');
      } catch (ignored) {
        // Logged out locally anyway.
      }
      clearSession();
      location.replace('/');
    });
  }
  return current;
}

const DATE_FORMAT = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
export function dateFr(iso) {
  if (!iso) return '';
  const date = new Date(iso.length === 10 ? iso + 'T12:00:00' : iso);
  if (Number.isNaN(date.getTime())) return iso;
  // French writes the first day of a month as an ordinal: « 1er décembre ».
  return DATE_FORMAT.formatToParts(date)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

export const PIECE_STATE_FR = {
  missing: 'À déposer',
  pending: 'En cours de vérification',
  accepted: 'Acceptée',
  rejected: 'Refusée',
  review: 'À vérifier par un agent',
};

export const OFFER_STATE_FR = {
  pending: 'Offre en attente',
  accepted: 'Offre acceptée',
  declined: 'Offre refusée',
  lapsed: 'Offre expirée',
};

export const CONTRACT_STATE_FR = {
  draft: 'Brouillon',
  issued: 'Émis, à signer par le candidat',
  signed_by_candidate: 'Signé par le candidat, à contresigner',
  countersigned: 'Contresigné, en vigueur',
  archived: 'Contresigné, en vigueur et archivé',
  suspended: 'Suspendu',
  terminated: 'Résilié',
};

// Announces a message to screen readers through a polite live region.
export function announce(region, message) {
  region.textContent = '';
  // A new text node after a tick, so that the same message is read again.
  setTimeout(() => { region.textContent = typo(message); }, 50);
}

// Saves a Blob under a file name through a temporary link.
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
