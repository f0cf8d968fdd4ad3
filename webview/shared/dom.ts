/**
 * DOM building without innerHTML: text goes in through textContent / text nodes only, so any string from a
 * document (even "<script>") is shown, never parsed. Styles are classes and CSS custom properties (CSSOM),
 * which the strict CSP allows.
 */

export type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  [name: string]: string | number | boolean | undefined;
}

/** Attributes that would run code or inline styles are refused. */
function safeAttr(name: string): boolean {
  return !/^on/i.test(name) && name.toLowerCase() !== 'style' && name.toLowerCase() !== 'srcdoc';
}

export function append(parent: Node, children: readonly Child[]): void {
  const doc = parent.ownerDocument ?? (parent as Document);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? doc.createTextNode(String(c)) : c);
  }
}

/** `h(doc, 'button', { 'data-testid': 'copy', type: 'button' }, 'Copy')` */
export function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false || !safeAttr(name)) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(doc: Document, tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const el = doc.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false || !safeAttr(name)) continue;
    el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Shown until the extension answers (it may still be starting after a reload). Same markup as webviewHtml's. */
export function renderLoading(doc: Document, what: string): HTMLElement {
  return h(doc, 'p', { class: 'loading', role: 'status', 'aria-busy': 'true', 'data-testid': 'loading' }, `Loading ${what}…`);
}
