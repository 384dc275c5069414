import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';

/**
 * The Markdown chat users know, and nothing more: bold, italic, strikethrough, inline code, code
 * blocks, block quotes, lists, and links (written or bare). Raw HTML stays text (`html: false`);
 * the result is tokens that the message renderer turns into React elements, so no user text ever
 * reaches the page as HTML.
 */
const md = new MarkdownIt('zero', { html: false, linkify: true, breaks: true }).enable([
  'emphasis',
  'strikethrough',
  'backticks',
  'fence',
  'code',
  'blockquote',
  'list',
  'link',
  'autolink',
  'linkify',
  'newline',
  'escape',
  'paragraph',
]);

const allowedSchemes = /^(https?:|mailto:)/i;

/** Only http, https and mailto links are links; anything else (javascript:, data:) stays text. */
md.validateLink = (url: string) => allowedSchemes.test(url.trim());

export function parseMarkdown(text: string): Token[] {
  return md.parse(text, {});
}

export type { Token };
