/**
 * The one way pages build elements. Text always goes in as text (never parsed as HTML), so a candidate
 * named `<img src=x onerror=alert(1)>` shows those characters; dynamic styling goes through CSSOM
 * (custom properties, classes), so a strict style-src 'self' holds.
 */
type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const child of children) if (child) el.append(child);
  return el;
}

/** The element with this id, failing loudly when the page's markup and its script disagree. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from the page`);
  return el as T;
}

/**
 * Sets text only when it changed (no needless layout or screen-reader chatter). Text set by code
 * takes the element over from the catalog: a later language switch leaves it to the code.
 */
export function setText(el: Element, text: string): void {
  if (el instanceof HTMLElement && el.dataset.i18n !== undefined) delete el.dataset.i18n;
  if (el.textContent !== text) el.textContent = text;
}

/** A CSS custom property on an element (bar widths, candidate colours): CSSOM, not a style attribute. */
export function setVar(el: HTMLElement, name: `--${string}`, value: string): void {
  if (el.style.getPropertyValue(name) !== value) el.style.setProperty(name, value);
}

/** Restarts a one-shot CSS animation class (a changed figure flashes once per change). */
export function flash(el: Element, className = 'is-changed'): void {
  el.classList.remove(className);
  // Reading layout in between makes the browser see the class come back as a new animation.
  void (el as HTMLElement).offsetWidth;
  el.classList.add(className);
}
