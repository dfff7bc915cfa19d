import { h, replace, when, announce, problemBox } from '../dom.js';
import { get, post, clinicPath, session, Problem } from '../api.js';
import { canAct, go } from '../app.js';

const resolutions = ['addressed-with-patient', 'plan-changed', 'referred', 'false-positive', 'other'];

// One alert: why it was raised, the events behind it, everything that happened to it, and (coordinators only)
// acknowledge, snooze and resolve. Validation is the API's: its messages are shown as it wrote them.
export async function alertView(alertId) {
  const [alert, timeline, explain] = await Promise.all([
    get(clinicPath('alerts', alertId)),
    get(clinicPath('alerts', alertId, 'timeline')),
    get(clinicPath('alerts', alertId, 'explain')),
  ]);
  const actions = canAct() && alert.status !== 'resolved' ? actionForms(alert) : null;
  return h('section', { 'aria-labelledby': 'alert-title', class: 'alert-view', 'data-alert': alert.alertId },
    h('p', {}, h('a', { href: '#/worklist' }, '← Worklist')),
    h('div', { class: 'heading' },
      h('h2', { id: 'alert-title' }, h('span', { class: ['badge', `sev-${alert.severity}`] }, alert.severity), ' ', alert.summary),
      h('span', { class: ['status', `st-${alert.status}`], 'data-testid': 'alert-status' }, alert.status)),
    h('dl', { class: 'facts' },
      fact('Patient', h('a', { href: `#/patients/${encodeURIComponent(alert.patientId)}` }, alert.patientId)),
      fact('Rule', `${alert.ruleId} (version ${alert.ruleVersion})`),
      fact('Raised', h('time', { datetime: alert.raisedAt }, when(alert.raisedAt))),
      fact('Detected', h('time', { datetime: alert.detectedAt }, when(alert.detectedAt))),
      fact('Protocol version', alert.protocolVersion),
      alert.escalationLevel ? fact('Escalated to', `${alert.escalatedTo} (level ${alert.escalationLevel})`) : null,
      alert.snoozedUntil ? fact('Snoozed until', when(alert.snoozedUntil)) : null,
      alert.resolution ? fact('Resolution', `${alert.resolution} by ${alert.resolvedBy}`) : null,
      alert.evidenceVoided ? fact('Evidence', 'every evidence event has since been voided') : null),
    h('h3', {}, 'Explanation'),
    h('p', { class: 'explanation' }, alert.explanation),
    explain.rule?.description ? h('p', { class: 'hint' }, explain.rule.description) : null,
    explain.rule?.clears ? h('p', { class: 'hint' }, `Clears when: ${explain.rule.clears}`) : null,
    actions,
    h('h3', {}, 'Evidence'),
    table(['Event', 'Type', 'Occurred', 'Recorded', 'Data'], explain.evidence.map(e => [
      e.eventId, e.type, when(e.occurredAt), when(e.recordedAt), summary(e.data)]), 'evidence'),
    h('h3', {}, 'Timeline'),
    h('ol', { class: 'timeline', 'data-testid': 'alert-timeline' }, timeline.events.map(e =>
      h('li', {}, h('time', { datetime: e.recordedAt }, when(e.recordedAt)), ' ', h('strong', {}, e.type), ' ', summary(e.data, ['alertId'])))));
}

function fact(term, value) { return [h('dt', {}, term), h('dd', {}, value)]; }

export function table(head, rows, testid) {
  return h('div', { class: 'table-wrap' }, h('table', { 'data-testid': testid },
    h('thead', {}, h('tr', {}, head.map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c)))))));
}

export function summary(data, skip = []) {
  if (!data || typeof data !== 'object') return '';
  return Object.entries(data).filter(([k, v]) => !skip.includes(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}: ${v}`).join(', ');
}

function actionForms(alert) {
  const who = session.name || session.grant.who;
  const path = verb => clinicPath('alerts', alert.alertId, verb);
  const inTwoDays = new Date(Date.now() + 2 * 864e5);
  inTwoDays.setSeconds(0, 0);
  const local = new Date(inTwoDays.getTime() - inTwoDays.getTimezoneOffset() * 6e4).toISOString().slice(0, 16);

  const forms = [];
  if (alert.status !== 'acknowledged')
    forms.push(form('acknowledge', 'Acknowledge', [field('by', 'By', 'text', who), field('note', 'Note', 'text')],
      values => post(path('acknowledge'), values)));
  forms.push(form('snooze', 'Snooze', [field('by', 'By', 'text', who), field('reason', 'Reason', 'text'),
      field('until', 'Until', 'datetime-local', local)],
    values => post(path('snooze'), { ...values, until: values.until ? new Date(values.until).toISOString() : values.until })));
  forms.push(form('resolve', 'Resolve', [field('by', 'By', 'text', who),
      field('resolution', 'Resolution code', 'select', '', resolutions), field('note', 'Note', 'text')],
    values => post(path('resolve'), values)));
  return h('section', { class: 'actions', 'aria-label': 'Act on this alert' }, h('h3', {}, 'Act'), h('div', { class: 'forms' }, forms));

  function form(verb, label, fields, send) {
    const message = h('div', { class: 'form-message' });
    const el = h('form', { class: 'card action', 'data-action': verb, 'aria-labelledby': `${verb}-title`, novalidate: true },
      h('h4', { id: `${verb}-title` }, label), fields.map(f => f.el), h('button', { type: 'submit' }, label), message);
    el.addEventListener('submit', async event => {
      event.preventDefault();
      replace(message);
      for (const f of fields) f.clear();
      const values = Object.fromEntries(fields.map(f => [f.name, f.value()]).filter(([, v]) => v !== ''));
      try {
        await send(values);
        announce(`Alert ${verb === 'acknowledge' ? 'acknowledged' : verb === 'snooze' ? 'snoozed' : 'resolved'}`);
        go(`#/alerts/${encodeURIComponent(alert.alertId)}`);
      } catch (error) {
        const problem = error instanceof Problem ? error.body : { title: error.message };
        for (const f of fields) f.show(problem.errors?.[f.name]);
        replace(message, problemBox(problem));
      }
    });
    return el;
  }

  function field(name, label, type, initial = '', options = []) {
    const id = `${label.replace(/\W/g, '')}-${name}-${Math.random().toString(36).slice(2, 7)}`;
    const error = h('span', { class: 'field-error', id: `${id}-error` });
    const input = type === 'select'
      ? h('select', { id, name, 'aria-describedby': `${id}-error` }, h('option', { value: '' }, 'choose a code'),
          options.map(o => h('option', { value: o }, o)))
      : h('input', { id, name, type, value: initial, 'aria-describedby': `${id}-error` });
    return {
      name,
      el: h('div', { class: 'field' }, h('label', { for: id }, label), input, error),
      value: () => input.value.trim(),
      clear: () => { error.textContent = ''; input.removeAttribute('aria-invalid'); },
      show: messages => { if (messages) { error.textContent = [].concat(messages).join(' '); input.setAttribute('aria-invalid', 'true'); } },
    };
  }
}
