import { h, replace } from './dom.js';
import { session, get, Problem } from './api.js';
import { signIn } from './views/signin.js';
import { worklist } from './views/worklist.js';
import { alertView } from './views/alert.js';
import { patientView } from './views/patient.js';
import { auditView } from './views/audit.js';
import { metricsView } from './views/metrics.js';

// Which screens each role has; the API enforces the same, the console only leaves out what would be refused.
const screens = {
  coordinator: ['worklist', 'metrics'],
  auditor: ['worklist', 'audit', 'metrics'],
  admin: ['audit'],
};
const titles = { worklist: 'Worklist', audit: 'Audit', metrics: 'Metrics' };

const view = document.getElementById('view');
let cleanup = null;

export function canAct() { return session.grant?.role === 'coordinator'; }
export function has(screen) { return (screens[session.grant?.role] ?? []).includes(screen); }
export function go(hash) { if (location.hash === hash) render(); else location.hash = hash; }

/// Asks the service what the stored credential grants; an integration key or a refused one ends the session.
export async function establish() {
  const grant = await get('/api/credential');
  if (!screens[grant.role]) {
    throw new Problem(403, { title: 'This credential cannot use the console',
      detail: grant.role === 'integration'
        ? 'This is an integration key: it may post events only. Sign in with a coordinator or auditor key or token.'
        : `The role '${grant.role}' has no console screens.` });
  }
  if (grant.clinics.length === 0) throw new Problem(403, { title: 'No clinic', detail: 'This credential was granted no clinic.' });
  session.grant = grant;
  if (!grant.clinics.includes(session.clinic)) session.clinic = grant.clinics[0];
  showChrome();
}

function showChrome() {
  const { grant } = session;
  const who = document.getElementById('who');
  document.getElementById('grant').textContent = `${grant.role} · ${session.name ?? grant.who}`;
  const select = document.getElementById('clinic-select');
  replace(select, grant.clinics.map(c => h('option', { value: c, selected: c === session.clinic }, `clinic ${c}`)));
  select.onchange = () => { session.clinic = select.value; go('#/'); render(); };
  document.getElementById('sign-out').onclick = () => { session.end(); hideChrome(); go('#/'); render(); };
  who.hidden = false;
  const nav = document.getElementById('nav');
  replace(nav, (screens[grant.role] ?? []).map(name => h('a', { href: `#/${name}`, 'data-screen': name }, titles[name])));
  nav.hidden = false;
}

function hideChrome() {
  document.getElementById('who').hidden = true;
  document.getElementById('nav').hidden = true;
}

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  if (!session.credential || !session.grant) {
    if (session.credential) {
      try { await establish(); } catch { session.end(); hideChrome(); }
      if (session.grant) return render();
    }
    replace(view, signIn(async () => render()));
    return;
  }
  const [screen, ...rest] = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const name = screen || (screens[session.grant.role] ?? [])[0];
  for (const a of document.querySelectorAll('#nav a'))
    a.toggleAttribute('aria-current', a.dataset.screen === name);
  let content;
  try {
    if (name === 'alerts' && rest[0]) content = await alertView(rest[0]);
    else if (name === 'patients' && rest[0]) content = await patientView(rest[0]);
    else if (name === 'worklist' && has('worklist')) ({ content, cleanup } = worklist());
    else if (name === 'audit' && has('audit')) content = auditView();
    else if (name === 'metrics' && has('metrics')) content = await metricsView();
    else content = h('p', {}, 'There is no such screen for your role.');
  } catch (error) {
    if (error instanceof Problem && error.status === 401) { session.end(); hideChrome(); return render(); }
    content = h('div', { class: 'problem', role: 'alert' }, h('strong', {}, 'Could not load this screen'), h('p', {}, error.message));
  }
  replace(view, content);
  view.focus({ preventScroll: true });
}

window.addEventListener('hashchange', render);
render();
