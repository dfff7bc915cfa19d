// The console's only way to the service: the JSON API, with the credential kept in session storage (never in a URL).
const KEY = 'ws.credential', CLINIC = 'ws.clinic', NAME = 'ws.name';

export const session = {
  get credential() { return sessionStorage.getItem(KEY); },
  get clinic() { return sessionStorage.getItem(CLINIC); },
  set clinic(value) { sessionStorage.setItem(CLINIC, value); },
  get name() { return sessionStorage.getItem(NAME); },
  grant: null,
  start(credential, name) { sessionStorage.setItem(KEY, credential); if (name) sessionStorage.setItem(NAME, name); },
  end() { sessionStorage.removeItem(KEY); sessionStorage.removeItem(CLINIC); sessionStorage.removeItem(NAME); session.grant = null; },
};

export class Problem extends Error {
  constructor(status, body) {
    super(body?.detail ?? body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.body = body ?? { title: `HTTP ${status}` };
  }
}

export function headers(extra = {}) {
  return { Accept: 'application/json', Authorization: `Bearer ${session.credential}`, ...extra };
}

export async function call(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new Problem(response.status, json);
  return json;
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body ?? {});

/// Clinic-scoped API path; every segment escaped.
export function clinicPath(...segments) {
  return `/api/clinics/${encodeURIComponent(session.clinic)}/` + segments.map(encodeURIComponent).join('/');
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}
