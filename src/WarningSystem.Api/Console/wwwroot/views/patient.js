import { h, when } from '../dom.js';
import { get, clinicPath, query } from '../api.js';
import { drawChart } from './chart.js';
import { table, summary } from './alert.js';

// A patient's weeks at a glance: the chart first (what a clinician would rather look at than read), then every
// event as a table, which is also the chart's text alternative.
export async function patientView(patientId) {
  const [history, alerts, protocol] = await Promise.all([
    get(clinicPath('patients', patientId, 'events')),
    get(clinicPath('alerts') + query({ patientId, pageSize: 200 })),
    get(clinicPath('protocol')).catch(() => null),
  ]);
  const detail = h('p', { id: 'chart-detail', class: 'chart-detail', 'aria-live': 'polite' }, 'Point at or focus a mark to see its event.');
  const ceilings = protocol?.settings?.doseAboveAuthorized ?? {};
  const chart = drawChart(history.events, alerts.items, {
    ceilingMgPerKg: ceilings.ceilingMgPerKg ?? 0.8, ceilingEsketamineMg: ceilings.ceilingEsketamineMg ?? 84,
    onShow: text => { detail.textContent = text; },
  });
  return h('section', { 'aria-labelledby': 'patient-title' },
    h('p', {}, h('a', { href: '#/worklist' }, '← Worklist')),
    h('h2', { id: 'patient-title' }, `Patient ${patientId}`),
    h('figure', { class: 'chart' }, chart,
      h('figcaption', {}, 'Doses against the authorized dose and the ceiling, sessions, cravings by intensity, requests, missed follow-ups and withdrawal reports, by week; flags mark where alerts were raised.')),
    detail,
    h('h3', {}, 'Alerts'),
    alerts.items.length === 0 ? h('p', {}, 'No alerts.') : h('ul', { class: 'alerts' }, alerts.items.map(a => h('li', {},
      h('a', { href: `#/alerts/${encodeURIComponent(a.alertId)}` }, h('span', { class: ['badge', `sev-${a.severity}`] }, a.severity), ' ', a.summary),
      ' ', h('span', { class: ['status', `st-${a.status}`] }, a.status), ' ', h('time', { datetime: a.raisedAt }, when(a.raisedAt))))),
    h('details', {}, h('summary', {}, `All ${history.events.length} events`),
      table(['Occurred', 'Type', 'Event', 'Data'], history.events.map(e => [when(e.occurredAt), e.type, e.eventId, summary(e.data)]), 'events')));
}
