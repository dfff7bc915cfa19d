import { h, replace, problemBox } from '../dom.js';
import { session, Problem } from '../api.js';
import { establish } from '../app.js';

// Sign-in with an API key or an identity-provider token. The credential goes to session storage only: it never
// appears in a URL, and closing the tab forgets it.
export function signIn(done) {
  const message = h('div', { id: 'signin-message' });
  const credential = h('input', { id: 'credential', name: 'credential', type: 'password', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': 'credential-help signin-message' });
  const name = h('input', { id: 'name', name: 'name', type: 'text', autocomplete: 'name' });
  const form = h('form', { class: 'card signin', 'aria-labelledby': 'signin-title', novalidate: true },
    h('h2', { id: 'signin-title' }, 'Sign in'),
    h('label', { for: 'credential' }, 'API key or token'),
    credential,
    h('p', { id: 'credential-help', class: 'hint' }, 'A coordinator or auditor credential for your clinic. It is kept for this tab only.'),
    h('label', { for: 'name' }, 'Your name (recorded when you act on an alert)'),
    name,
    h('button', { type: 'submit' }, 'Sign in'),
    message);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    replace(message);
    const value = credential.value.trim();
    if (!value) { replace(message, problemBox({ title: 'Enter an API key or a token' })); return; }
    session.start(value, name.value.trim());
    try {
      await establish();
      done();
    } catch (error) {
      session.end();
      const problem = error instanceof Problem && error.status === 401
        ? { title: 'Sign-in refused', detail: 'The service does not accept this key or token: it is unknown, revoked or expired.' }
        : error instanceof Problem ? error.body : { title: 'The service could not be reached', detail: error.message };
      replace(message, problemBox(problem));
      credential.focus();
    }
  });
  setTimeout(() => credential.focus(), 0);
  return form;
}
