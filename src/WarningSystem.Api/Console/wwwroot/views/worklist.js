import { h, replace, when, announce, problemBox } from '../dom.js';
import { get, clinicPath, query, Problem } from '../api.js';
import { openFeed } from '../feed.js';

const severities = ['critical', 'high', 'medium'];
const statuses = ['open', 'acknowledged', 'snoozed', 'resolved'];

// One line per patient with alerts not yet resolved, highest severity first (the API's groupBy=patient order),
// kept current by the live feed: any alert change of the clinic reloads the list.
export function worklist() {
  const filters = { severity: '', ruleId: '', status: '' };
  const state = h('span', { class: 'live', 'data-testid': 'feed-state', 'data-state': 'connecting' }, 'connecting…');
  const list = h('div', { id: 'worklist', 'aria-live': 'polite', 'aria-busy': 'true' });
  const ruleSelect = select('ruleId', 'Rule', [['', 'any rule']]);
  const content = h('section', { 'aria-labelledby': 'worklist-title' },
    h('div', { class: 'heading' }, h('h2', { id: 'worklist-title' }, 'Worklist'), state),
    h('form', { class: 'filters', 'aria-label': 'Filters', onsubmit: e => e.preventDefault() },
      select('severity', 'Severity', [['', 'any severity'], ...severities.map(s => [s, s])]),
      ruleSelect,
      select('status', 'Status', [['', 'not resolved'], ...statuses.map(s => [s, s])])),
    list);

  function select(key, label, options) {
    const id = `filter-${key}`;
    const el = h('select', { id, name: key, onchange: () => { filters[key] = el.value; load(); } },
      options.map(([value, text]) => h('option', { value }, text)));
    return h('span', { class: 'field' }, h('label', { for: id }, label), el);
  }

  get(`/api/rules${query({})}`).then(rules => {
    const el = ruleSelect.querySelector('select');
    for (const rule of rules.rules) el.append(h('option', { value: rule.id }, rule.id));
  }).catch(() => {});

  let loading = null, again = false;
  async function load() {
    if (loading) { again = true; return; }
    loading = (async () => {
      try {
        const page = await get(clinicPath('alerts') + query({ groupBy: 'patient', pageSize: 200, ...filters }));
        replace(list, page.patients.length === 0
          ? h('p', { class: 'empty' }, 'No patient has alerts matching these filters.')
          : h('ul', { class: 'patients' }, page.patients.map(line)));
      } catch (error) {
        replace(list, problemBox(error instanceof Problem ? error.body : { title: error.message }));
      }
      list.setAttribute('aria-busy', 'false');
    })();
    await loading;
    loading = null;
    if (again) { again = false; load(); }
  }

  function line(p) {
    return h('li', { class: ['patient', `sev-${p.highestSeverity}`], 'data-patient': p.patientId },
      h('div', { class: 'patient-head' },
        h('span', { class: ['badge', `sev-${p.highestSeverity}`] }, p.highestSeverity),
        h('a', { href: `#/patients/${encodeURIComponent(p.patientId)}`, class: 'patient-id' }, p.patientId),
        h('span', { class: 'count' }, `${p.alerts.length} alert${p.alerts.length === 1 ? '' : 's'}`)),
      h('ul', { class: 'alerts' }, p.alerts.map(a => h('li', { 'data-alert': a.alertId, 'data-status': a.status },
        h('a', { href: `#/alerts/${encodeURIComponent(a.alertId)}` },
          h('span', { class: ['badge', `sev-${a.severity}`] }, a.severity), ' ',
          h('span', { class: 'rule' }, a.ruleId), ' — ', a.summary),
        ' ', h('span', { class: ['status', `st-${a.status}`] }, a.status),
        ' ', h('time', { datetime: a.raisedAt }, when(a.raisedAt))))));
  }

  load();
  const feed = openFeed({
    onNotice: (type, notice) => {
      if (type === 'AlertRaised') announce(`New ${notice.severity} alert for patient ${notice.patientId}`);
      load();
    },
    onState: s => {
      state.dataset.state = s;
      state.textContent = s === 'live' ? 'live' : 'reconnecting…';
      if (s === 'live') load(); // catch up on what changed while the feed was down
    },
  });
  return { content, cleanup: () => feed.close() };
}
