import { s, when } from '../dom.js';

const W = 960, LEFT = 150, RIGHT = 20, TOP = 28, DOSE_H = 180;
const lanes = [
  ['SessionAttended', 'Sessions'], ['CravingReported', 'Cravings'], ['OffScheduleRequest', 'Requests'],
  ['MissedFollowUp', 'Missed follow-ups'], ['WithdrawalSymptomsReported', 'Withdrawal'],
];
const LANE_H = 34, LANES_TOP = TOP + DOSE_H + 40;
const H = LANES_TOP + lanes.length * LANE_H + 30;
const DAY = 864e5;

// The patient chart, drawn as SVG by hand: time runs left to right across weeks (event time), doses sit on a scale
// in mg/kg (or mg when no dose has a weight) under the authorized dose and the ceiling, the other events each have a
// lane, and every alert is a flag at the time it was raised. Every mark can be focused and names its event.
export function drawChart(events, alerts, { ceilingMgPerKg, ceilingEsketamineMg, onShow }) {
  const voided = new Set(events.filter(e => e.type === 'EventVoided').map(e => e.data.voidedEventId));
  const shown = events.filter(e => e.type !== 'EventVoided');
  const times = [...shown.map(e => Date.parse(e.occurredAt)), ...alerts.map(a => Date.parse(a.raisedAt))];
  const start = startOfWeek(Math.min(...times, Date.now()));
  const end = Math.max(start + 7 * DAY, Math.max(...times) + DAY);
  const x = t => LEFT + (t - start) / (end - start) * (W - LEFT - RIGHT);

  const doses = shown.filter(e => e.type === 'DoseGiven');
  const perKg = doses.some(d => d.data.doseMgPerKg != null);
  const unit = perKg ? 'mg/kg' : 'mg';
  const doseOf = d => perKg ? d.data.doseMgPerKg : d.data.doseMg;
  const authorized = shown.filter(e => e.type === 'TreatmentPlanPrescribed' || e.type === 'DoseIncreaseAuthorized')
    .map(e => ({ t: Date.parse(e.occurredAt), v: perKg ? (e.data.doseMgPerKg ?? e.data.newDoseMgPerKg) : (e.data.doseMg ?? e.data.newDoseMg) }))
    .filter(a => a.v != null).sort((a, b) => a.t - b.t);
  const esketamine = doses.some(d => d.data.drug === 'esketamine');
  const ceiling = perKg ? ceilingMgPerKg : esketamine ? ceilingEsketamineMg : null;
  const top = Math.max(...doses.map(doseOf).filter(v => v != null), ...authorized.map(a => a.v), ceiling ?? 0, 0.1) * 1.15;
  const y = v => TOP + DOSE_H - v / top * DOSE_H;

  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline-chart', role: 'img', 'aria-labelledby': 'chart-title',
    'data-unit': unit, preserveAspectRatio: 'xMinYMin meet' }, s('title', { id: 'chart-title' }, `Patient timeline: ${doses.length} doses, ${alerts.length} alerts`));

  // Weeks
  const grid = s('g', { class: 'grid' });
  for (let t = start; t <= end; t += 7 * DAY) {
    grid.append(s('line', { x1: x(t), x2: x(t), y1: TOP - 8, y2: H - 24 }),
      s('text', { x: x(t) + 3, y: H - 8, class: 'axis' }, new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })));
  }
  svg.append(grid);

  // Dose scale
  const axis = s('g', { class: 'axis' }, s('text', { x: 8, y: TOP - 12 }, `Dose (${unit})`));
  for (const v of ticks(top)) axis.append(s('line', { x1: LEFT - 4, x2: W - RIGHT, y1: y(v), y2: y(v), class: 'tick' }),
    s('text', { x: LEFT - 8, y: y(v) + 4, 'text-anchor': 'end' }, fmt(v)));
  svg.append(axis);

  if (ceiling != null) svg.append(s('line', { class: 'ceiling', x1: LEFT, x2: W - RIGHT, y1: y(ceiling), y2: y(ceiling) },
    s('title', {}, `Ceiling ${fmt(ceiling)} ${unit}`)), s('text', { class: 'ceiling-label', x: W - RIGHT - 4, y: y(ceiling) - 4, 'text-anchor': 'end' }, `ceiling ${fmt(ceiling)} ${unit}`));
  if (authorized.length) {
    let d = '';
    authorized.forEach((a, i) => {
      const next = i + 1 < authorized.length ? authorized[i + 1].t : end;
      d += `${i === 0 ? 'M' : 'L'}${x(a.t)},${y(a.v)} L${x(next)},${y(a.v)} `;
    });
    svg.append(s('path', { class: 'authorized', d }, s('title', {}, `Authorized dose (${unit})`)));
  }

  const marks = s('g', { class: 'marks' });
  const mark = (el, e) => {
    const text = `${when(e.occurredAt)} · ${e.type}${voided.has(e.eventId) ? ' (voided)' : ''} · ${describe(e)}`;
    el.setAttribute('tabindex', '0');
    el.setAttribute('data-event', e.eventId);
    el.setAttribute('aria-label', text);
    if (voided.has(e.eventId)) el.classList.add('voided');
    el.append(s('title', {}, text));
    for (const type of ['mouseenter', 'focus']) el.addEventListener(type, () => onShow(text));
    marks.append(el);
  };
  for (const d of doses) if (doseOf(d) != null) mark(s('circle', { class: 'mark dose', cx: x(Date.parse(d.occurredAt)), cy: y(doseOf(d)), r: 6 }), d);

  lanes.forEach(([type, label], i) => {
    const mid = LANES_TOP + i * LANE_H + LANE_H / 2;
    svg.append(s('text', { class: 'lane-label', x: 8, y: mid + 4 }, label),
      s('line', { class: 'lane', x1: LEFT, x2: W - RIGHT, y1: mid, y2: mid }));
    for (const e of shown.filter(e => e.type === type)) {
      const cx = x(Date.parse(e.occurredAt));
      if (type === 'SessionAttended') mark(s('rect', { class: 'mark session', x: cx - 3, y: mid - 10, width: 6, height: 20 }), e);
      else if (type === 'CravingReported') {
        const hgt = 4 + (e.data.intensity ?? 0) / 10 * (LANE_H - 8);
        mark(s('rect', { class: `mark craving i${Math.min(10, e.data.intensity ?? 0)}`, x: cx - 4, y: mid + LANE_H / 2 - 4 - hgt, width: 8, height: hgt }), e);
      }
      else if (type === 'OffScheduleRequest') mark(s('path', { class: 'mark request', d: `M${cx},${mid - 8} L${cx + 8},${mid} L${cx},${mid + 8} L${cx - 8},${mid} Z` }), e);
      else if (type === 'MissedFollowUp') mark(s('path', { class: 'mark missed', d: `M${cx - 6},${mid - 6} L${cx + 6},${mid + 6} M${cx + 6},${mid - 6} L${cx - 6},${mid + 6}` }), e);
      else mark(s('path', { class: 'mark withdrawal', d: `M${cx},${mid - 8} L${cx + 8},${mid + 7} L${cx - 8},${mid + 7} Z` }), e);
    }
  });
  svg.append(marks);

  const flags = s('g', { class: 'alert-markers' });
  for (const a of alerts) {
    const ax = x(Date.parse(a.raisedAt));
    const text = `${when(a.raisedAt)} · alert ${a.ruleId} (${a.severity}, ${a.status}) · ${a.summary}`;
    const flag = s('a', { href: `#/alerts/${encodeURIComponent(a.alertId)}`, class: `alert-marker sev-${a.severity}`, 'data-alert': a.alertId, 'aria-label': text },
      s('title', {}, text),
      s('line', { x1: ax, x2: ax, y1: TOP - 14, y2: H - 24 }),
      s('path', { d: `M${ax},${TOP - 22} L${ax + 14},${TOP - 16} L${ax},${TOP - 10} Z` }));
    for (const type of ['mouseenter', 'focus']) flag.addEventListener(type, () => onShow(text));
    flags.append(flag);
  }
  svg.append(flags);
  return svg;
}

function startOfWeek(t) {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // Monday
  return d.getTime();
}

function ticks(top) {
  const step = [0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 20, 25, 50, 100].find(st => top / st <= 6) ?? top / 5;
  const out = [];
  for (let v = 0; v <= top; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

const fmt = v => Number(v).toLocaleString(undefined, { maximumFractionDigits: 3 });

function describe(e) {
  const d = e.data ?? {};
  switch (e.type) {
    case 'DoseGiven': return `${d.drug} ${d.route} ${fmt(d.doseMg)} mg${d.doseMgPerKg != null ? ` (${fmt(d.doseMgPerKg)} mg/kg)` : ''}`;
    case 'SessionAttended': return `session ${d.sessionId}${d.scheduled === false ? ', unscheduled' : ''}`;
    case 'CravingReported': return `intensity ${d.intensity}${d.duringSession ? ', during a session' : ''}`;
    case 'OffScheduleRequest': return `${d.kind} via ${d.channel}`;
    case 'MissedFollowUp': return `appointment ${d.appointmentId}${d.systemDetected ? ' (detected by the service)' : ''}`;
    case 'WithdrawalSymptomsReported': return `${d.severity}: ${(d.symptoms ?? []).join(', ')}`;
    default: return '';
  }
}
