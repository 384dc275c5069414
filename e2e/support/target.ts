/**
 * An element as the shared browser flows name it, the same for every engine: candidates by CSS,
 * kept when shown and when their accessible name (roughly: aria-labelledby, aria-label, a label,
 * or the text a screen reader reads) or text matches, inside the first match of `within`.
 */
export interface Target {
  css: string;
  name?: string | RegExp;
  text?: string | RegExp;
  /** Kept only when they hold an element this (single-level) target finds. */
  has?: Omit<Target, 'within' | 'has'>;
  within?: Target;
}

/** A pattern as it crosses into the page (a RegExp does not survive JSON). */
export type WireMatch = { exact: string } | { source: string; flags: string };

export interface WireStep {
  css: string;
  name: WireMatch | null;
  text: WireMatch | null;
  has: WireStep | null;
}

/** A target as it crosses into the page, outermost first. */
export type WireTarget = WireStep[];

export function toWire(target: Target): WireTarget {
  const chain: WireTarget = [];
  for (let t: Target | undefined = target; t; t = t.within) chain.unshift(wireStep(t));
  return chain;
}

function wireStep(t: Omit<Target, 'within'>): WireStep {
  return { css: t.css, name: wireMatch(t.name), text: wireMatch(t.text), has: t.has ? wireStep(t.has) : null };
}

function wireMatch(match: string | RegExp | undefined): WireMatch | null {
  if (match === undefined) return null;
  return typeof match === 'string' ? { exact: match } : { source: match.source, flags: match.flags };
}

/** The target's description in a failure message. */
export function describeTarget(target: Target): string {
  const own = `${target.css}${target.name !== undefined ? ` named ${String(target.name)}` : ''}${target.text !== undefined ? ` with text ${String(target.text)}` : ''}${target.has ? ` holding ${describeTarget(target.has)}` : ''}`;
  return target.within ? `${own} in ${describeTarget(target.within)}` : own;
}

/** Common targets of the app, by role as a person (or a screen reader) finds them. */
export const button = (name: string | RegExp, within?: Target): Target => ({ css: 'button, [role="button"]', name, ...(within ? { within } : {}) });
export const field = (name: string | RegExp, within?: Target): Target => ({ css: 'input, textarea', name, ...(within ? { within } : {}) });
export const heading = (name: string | RegExp): Target => ({ css: 'h2', name });
export const list = (name: string): Target => ({ css: 'ul, ol, [role="list"]', name });
export const dialog = (name: string): Target => ({ css: '[role="dialog"], dialog', name });
export const messageLog: Target = { css: '[role="log"]', name: 'Messages' };
export const composer: Target = field('Message');
export const searchBox: Target = field('Search');
/** The bubble of the open chat whose text is exactly `text`. */
export const message = (text: string): Target => ({ css: 'li.message', has: { css: '.message-text', text: new RegExp(`^${escapeRegExp(text)}$`) }, within: messageLog });
/** The connection banner above the app. */
export const banner: Target = { css: '[role="status"]', text: /offline|Reconnecting/ };

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
