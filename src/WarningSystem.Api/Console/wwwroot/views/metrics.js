import { h, s } from '../dom.js';
import { get, clinicPath } from '../api.js';

// How the clinic handles its alerts, as small charts: minutes to acknowledge and to resolve (median and 90th
// percentile), and per rule the share of resolutions that were false positives (which thresholds to tune).
export async function metricsView() {
  const m = await get(clinicPath('alerts', 'metrics'));
  const durations = [['Acknowledge', m.timeToAcknowledge], ['Resolve', m.timeToResolve]];
  const longest = Math.max(1, ...durations.flatMap(([, d]) => [d.medianMinutes ?? 0, d.p90Minutes ?? 0]));
  const rules = m.rules.filter(r => r.raised > 0);
  return h('section', { 'aria-labelledby': 'metrics-title' },
    h('h2', { id: 'metrics-title' }, 'Metrics'),
    h('p', {}, `${m.total} alerts: ` + Object.entries(m.byStatus).map(([k, v]) => `${v} ${k}`).join(', ') + `; ${m.escalated} escalated.`),
    h('div', { class: 'metrics' },
      h('figure', { class: 'card' },
        bars(durations.flatMap(([label, d]) => [
          [`${label}: median`, d.medianMinutes, d.medianMinutes == null ? 'none yet' : `${d.medianMinutes} min`],
          [`${label}: 90th percentile`, d.p90Minutes, d.p90Minutes == null ? 'none yet' : `${d.p90Minutes} min`]]), longest, 'durations'),
        h('figcaption', {}, 'Minutes from detection to acknowledgement and to resolution')),
      h('figure', { class: 'card' },
        rules.length === 0 ? h('p', {}, 'No alerts raised yet.')
          : bars(rules.map(r => [r.ruleId, r.falsePositiveShare, r.falsePositiveShare == null
              ? `${r.raised} raised, none resolved` : `${Math.round(r.falsePositiveShare * 100)}% of ${r.resolved} resolved`]), 1, 'false-positives'),
        h('figcaption', {}, 'Share of resolutions that were false positives, per rule'))));
}

function bars(rows, max, testid) {
  const W = 460, LABEL = 200, ROW = 26;
  const svg = s('svg', { viewBox: `0 0 ${W} ${rows.length * ROW + 6}`, class: 'bars', role: 'img', 'data-testid': testid,
    'aria-label': rows.map(([label, , text]) => `${label}: ${text}`).join('; ') });
  rows.forEach(([label, value, text], i) => {
    const y = i * ROW + 4;
    const width = value == null ? 0 : Math.max(2, value / max * (W - LABEL - 90));
    svg.append(s('text', { x: 0, y: y + 15, class: 'axis' }, label),
      s('rect', { x: LABEL, y, width, height: ROW - 8, class: 'bar' }, s('title', {}, `${label}: ${text}`)),
      s('text', { x: LABEL + width + 6, y: y + 15, class: 'axis' }, text));
  });
  return svg;
}
