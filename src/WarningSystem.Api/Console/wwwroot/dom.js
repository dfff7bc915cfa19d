// Builds elements without innerHTML, so nothing the service answers is ever parsed as markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  return fill(el, attrs, children);
}

const SVG = 'http://www.w3.org/2000/svg';
export function s(tag, attrs = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attrs, children);
}

function fill(el, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return fill(el, {}, children);
}

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function announce(text) {
  const el = document.getElementById('announce');
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}

/// A problem answer (RFC 7807) as a message block: the detail and each field's errors as the API wrote them.
export function problemBox(problem) {
  const lines = [];
  for (const [field, messages] of Object.entries(problem.errors ?? {}))
    for (const m of [].concat(messages)) lines.push(h('li', {}, `${field}: ${m}`));
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, problem.title ?? 'The request was refused'),
    problem.detail ? h('p', {}, problem.detail) : null,
    lines.length ? h('ul', {}, lines) : null);
}
