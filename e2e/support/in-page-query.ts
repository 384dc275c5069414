import type { WireTarget } from './target.js';

export interface QueryArgs {
  target: WireTarget;
  attribute: string | null;
  /** True: return the first element found (or null) instead of a report. */
  element: boolean;
}

/**
 * Runs inside the page, in every engine: finds a target's elements and reports on the first. The
 * engines send its source text, so it is one self-contained function with nothing from outside.
 */
export function inPageQuery(args: QueryArgs): unknown {
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  // The text a screen reader reads: without what is hidden from it (avatars, icons).
  const spoken = (el: Element) => {
    const copy = el.cloneNode(true) as Element;
    for (const hidden of Array.from(copy.querySelectorAll('[aria-hidden="true"]'))) hidden.remove();
    return collapse(copy.textContent ?? '');
  };
  const nameOf = (el: Element) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return collapse(by.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' '));
    const label = el.getAttribute('aria-label');
    if (label) return collapse(label);
    const labels = (el as HTMLInputElement).labels;
    if (labels && labels.length > 0) return collapse(Array.from(labels).map(spoken).join(' '));
    return spoken(el);
  };
  type Match = WireTarget[number]['name'];
  const matches = (value: string, match: Match) => match === null || ('exact' in match ? value === match.exact : new RegExp(match.source, match.flags).test(value));
  const shown = (el: Element) => el.getClientRects().length > 0 && el.closest('[hidden], [aria-hidden="true"]') === null;
  const keep = (el: Element, step: WireTarget[number]): boolean =>
    shown(el) &&
    matches(nameOf(el), step.name) &&
    matches(el.textContent ?? '', step.text) &&
    (step.has === null || Array.from(el.querySelectorAll(step.has.css)).some((inner) => keep(inner, step.has!)));

  let found: Element[] = [document.documentElement];
  for (const step of args.target) {
    const root = found[0];
    found = root ? Array.from(root.querySelectorAll(step.css)).filter((el) => keep(el, step)) : [];
  }
  const first = found[0] ?? null;
  if (args.element) return first;
  return {
    count: found.length,
    text: first?.textContent ?? null,
    value: first && 'value' in first ? String((first as HTMLInputElement).value) : null,
    attribute: first && args.attribute ? first.getAttribute(args.attribute) : null,
  };
}
