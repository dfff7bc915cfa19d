import { h, replace, when, problemBox } from '../dom.js';
import { get, post, clinicPath, query, session, Problem } from '../api.js';
import { table } from './alert.js';

// What an auditor checks: who read what (and who was refused), what detection would find now against what it
// recorded (replay), and whether the stored history is still the one that was sealed (verification).
export function auditView() {
  const auditor = session.grant.role === 'auditor';
  return h('section', { 'aria-labelledby': 'audit-title' },
    h('h2', { id: 'audit-title' }, 'Audit'),
    accessLog(),
    auditor ? patientReplay() : null,
    clinicReplay(),
    verification());
}

function panel(id, title, ...children) {
  return h('section', { class: 'card panel', 'aria-labelledby': id }, h('h3', { id }, title), children);
}

function failure(error) { return problemBox(error instanceof Problem ? error.body : { title: error.message }); }

function inputField(id, label, attrs = {}) {
  const input = h('input', { id, name: id, type: 'text', ...attrs });
  return { input, el: h('span', { class: 'field' }, h('label', { for: id }, label), input) };
}

function accessLog() {
  const out = h('div', { 'data-testid': 'access-log' });
  const patient = inputField('log-patient', 'Patient');
  const who = inputField('log-who', 'Credential');
  async function load() {
    replace(out, h('p', {}, 'Loading…'));
    try {
      const [reads, refused] = await Promise.all([
        get(clinicPath('access-log', 'reads') + query({ patientId: patient.input.value.trim(), who: who.input.value.trim(), pageSize: 100 })),
        get(clinicPath('access-log')),
      ]);
      replace(out,
        h('h4', {}, `Reads (${reads.total})`),
        table(['At', 'Who', 'Role', 'Method', 'Route', 'Patient', 'Alert', 'Count', 'Status'],
          reads.items.map(r => [when(r.at), r.who, r.role ?? '', r.method, r.route, r.patientId ?? '', r.alertId ?? '', r.count ?? '', r.status]), 'reads'),
        h('h4', {}, `Refused (${refused.length})`),
        table(['At', 'Who', 'Role', 'Method', 'Route'], refused.slice(0, 100).map(r => [when(r.at), r.who, r.role ?? '', r.method, r.route]), 'refused'));
    } catch (error) { replace(out, failure(error)); }
  }
  load();
  return panel('log-title', 'Access log',
    h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); load(); } }, patient.el, who.el, h('button', { type: 'submit' }, 'Filter')),
    out);
}

function patientReplay() {
  const out = h('div', { 'data-testid': 'replay' });
  const patient = inputField('replay-patient', 'Patient');
  const asOf = inputField('replay-asof', 'As of (optional)', { type: 'datetime-local' });
  async function run() {
    replace(out, h('p', {}, 'Replaying…'));
    try {
      const body = asOf.input.value ? { asOf: new Date(asOf.input.value).toISOString() } : {};
      const r = await post(clinicPath('patients', patient.input.value.trim(), 'replay'), body);
      replace(out,
        h('p', {}, `Replayed ${r.patientId} up to stream version ${r.version}.`),
        h('dl', { class: 'facts diff' },
          h('dt', {}, 'Recorded and replayed'), h('dd', {}, r.diff.both.join(', ') || 'none'),
          h('dt', {}, 'Only replayed (detection would raise now)'), h('dd', { 'data-testid': 'only-replayed' }, r.diff.onlyReplayed.join(', ') || 'none'),
          h('dt', {}, 'Only recorded (detection would not raise now)'), h('dd', { 'data-testid': 'only-recorded' }, r.diff.onlyRecorded.join(', ') || 'none')),
        h('h4', {}, 'Recorded'),
        table(['Rule', 'Severity', 'Status', 'Alert'], r.recorded.map(a => [a.ruleId, a.severity, a.status, a.alertId]), 'recorded'),
        h('h4', {}, 'Replayed'),
        table(['Rule', 'Severity', 'Summary'], r.replayed.map(f => [f.ruleId, f.severity, f.summary]), 'replayed'));
    } catch (error) { replace(out, failure(error)); }
  }
  return panel('replay-title', 'Replay a patient: recorded against replayed',
    h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); run(); } }, patient.el, asOf.el, h('button', { type: 'submit' }, 'Replay')),
    out);
}

function clinicReplay() {
  const out = h('div', {});
  async function run() {
    replace(out, h('p', {}, 'Replaying the clinic…'));
    try {
      const r = await post(clinicPath('replay'), {});
      replace(out, h('p', {}, `${r.patients} patients, counted in patients per rule.`),
        table(['Rule', 'Recorded', 'Replayed', 'Added', 'Removed'], r.rules.map(x => [x.ruleId, x.recorded, x.replayed, x.added, x.removed]), 'clinic-replay'));
    } catch (error) { replace(out, failure(error)); }
  }
  return panel('clinic-replay-title', 'Replay the clinic',
    h('button', { type: 'button', onclick: run }, 'Replay every patient'), out);
}

function verification() {
  const out = h('div', { 'data-testid': 'verification', 'aria-live': 'polite' });
  const patient = inputField('verify-patient', 'Patient (empty: the whole clinic)');
  async function run() {
    replace(out, h('p', {}, 'Verifying…'));
    const id = patient.input.value.trim();
    try {
      const r = await get(id ? clinicPath('patients', id, 'verify') : clinicPath('verify'));
      replace(out, r.verified
        ? h('p', { class: 'ok', 'data-verified': 'true' }, `Verified: ${r.checked} sealed events match their seals.`)
        : h('div', { class: 'problem', role: 'alert', 'data-verified': 'false' },
            h('strong', {}, `Broken at sequence ${r.firstBreak.sequence}`),
            h('p', {}, `Event ${r.firstBreak.eventId}: sealed ${r.firstBreak.expected}, found ${r.firstBreak.found}. ${r.checked} events checked.`)));
    } catch (error) { replace(out, failure(error)); }
  }
  return panel('verify-title', 'Tamper evidence',
    h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); run(); } }, patient.el, h('button', { type: 'submit' }, 'Verify')),
    out);
}
