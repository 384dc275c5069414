import { memo, useCallback, useEffect, useState, type ReactNode } from 'react';
import type { parseMarkdown, Token } from '../lib/markdown.js';

type Parse = typeof parseMarkdown;

// The parser is its own chunk, fetched after the first screen (the first-load budget); until it is
// here a message shows as plain text.
let parser: Parse | null = null;
let loading: Promise<Parse> | null = null;

function useParser(): Parse | null {
  const [parse, setParse] = useState<Parse | null>(() => parser);
  useEffect(() => {
    if (parse) return;
    let live = true;
    loading ??= import('../lib/markdown.js').then((m) => (parser = m.parseMarkdown));
    void loading.then((p) => {
      if (live) setParse(() => p);
    });
    return () => {
      live = false;
    };
  }, [parse]);
  return parse;
}

/** The words a reader sees, on one line: Markdown's markers gone, link text kept, code as written. */
function plainTextOf(tokens: readonly Token[]): string {
  let out = '';
  for (const token of tokens) {
    if (token.type === 'fence' || token.type === 'code_block') out += ` ${token.content} `;
    else if (token.type === 'paragraph_close' || token.type === 'list_item_close') out += ' ';
    else if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') out += child.content;
        else if (child.type === 'softbreak' || child.type === 'hardbreak') out += ' ';
      }
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Turns a message's text into the one line a quote or a chat-list preview shows ("**8:00** at"
 * reads "8:00 at"); the raw text until the parser's chunk has arrived.
 */
export function usePlainText(): (text: string) => string {
  const parse = useParser();
  return useCallback((text: string) => (parse ? plainTextOf(parse(text)) || text : text), [parse]);
}

/** The element each opening token stands for; anything not listed is not produced by our parser. */
const blockTags: Record<string, 'p' | 'ul' | 'ol' | 'li' | 'blockquote'> = {
  paragraph_open: 'p',
  bullet_list_open: 'ul',
  ordered_list_open: 'ol',
  list_item_open: 'li',
  blockquote_open: 'blockquote',
};
const inlineTags: Record<string, 'strong' | 'em' | 's'> = { strong_open: 'strong', em_open: 'em', s_open: 's' };

/** Someone a message mentions, as written in it (`@Name`); `me` when it names the reader. */
export interface Mention {
  name: string;
  me: boolean;
}

/** Marks each `@Name` of a mentioned person in a piece of text. */
function withMentions(text: string, mentions: readonly Mention[] | undefined, key: string): ReactNode[] {
  if (!mentions?.length) return [text];
  const names = [...mentions].sort((a, b) => b.name.length - a.name.length);
  const pattern = new RegExp(`@(${names.map((m) => m.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index;
    if (at > last) nodes.push(text.slice(last, at));
    const mine = names.find((m) => m.name === match[1])?.me ?? false;
    nodes.push(
      <span key={`${key}@${at}`} className={`mention${mine ? ' mention-me' : ''}`}>
        {match[0]}
      </span>,
    );
    last = at + match[0].length;
  }
  if (last < text.length) nodes.push(text.slice(last));
  return nodes;
}

/** Turns a run of tokens into elements, nesting at each `_open` up to its `_close`. */
function render(tokens: readonly Token[], start: number, end: number, keyPrefix: string, mentions?: readonly Mention[]): { nodes: ReactNode[]; next: number } {
  const nodes: ReactNode[] = [];
  let i = start;
  while (i < end) {
    const token = tokens[i] as Token;
    const key = `${keyPrefix}.${i}`;
    if (token.nesting === 1) {
      const close = matchingClose(tokens, i, end);
      const inner = render(tokens, i + 1, close, key, mentions).nodes;
      const block = blockTags[token.type];
      const inline = inlineTags[token.type];
      if (token.type === 'link_open') {
        const href = token.attrGet('href') ?? '';
        nodes.push(
          <a key={key} href={href} target="_blank" rel="noopener noreferrer">
            {inner}
          </a>,
        );
      } else if (token.type === 'ordered_list_open') {
        const from = Number(token.attrGet('start') ?? 1);
        nodes.push(
          <ol key={key} start={from}>
            {inner}
          </ol>,
        );
      } else if (block) {
        // A paragraph the list made tight carries no box of its own.
        if (block === 'p' && token.hidden) nodes.push(...inner);
        else {
          const Tag = block;
          nodes.push(<Tag key={key}>{inner}</Tag>);
        }
      } else if (inline) {
        const Tag = inline;
        nodes.push(<Tag key={key}>{inner}</Tag>);
      } else nodes.push(...inner);
      i = close + 1;
      continue;
    }
    switch (token.type) {
      case 'inline':
        nodes.push(...render(token.children ?? [], 0, token.children?.length ?? 0, key, mentions).nodes);
        break;
      case 'text':
        nodes.push(...withMentions(token.content, mentions, key));
        break;
      case 'code_inline':
        nodes.push(<code key={key}>{token.content}</code>);
        break;
      case 'fence':
      case 'code_block':
        nodes.push(
          <pre key={key}>
            <code>{token.content.replace(/\n$/, '')}</code>
          </pre>,
        );
        break;
      case 'softbreak':
      case 'hardbreak':
        // A line break as the newline it was: the text keeps white-space: pre-wrap.
        nodes.push('\n');
        break;
      default:
        // Tokens with text we did not expect stay visible as text, never as markup.
        if (token.content) nodes.push(token.content);
    }
    i++;
  }
  return { nodes, next: i };
}

function matchingClose(tokens: readonly Token[], open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    depth += (tokens[i] as Token).nesting;
    if (depth === 0) return i;
  }
  return end;
}

function renderAll(tokens: Token[], mentions: readonly Mention[] | undefined): ReactNode[] {
  return render(tokens, 0, tokens.length, 'm', mentions).nodes;
}

/**
 * A message's text as formatted Markdown, built as React elements from the parser's tokens: React
 * escapes every piece of text, and links are only http, https or mailto (see lib/markdown.ts).
 */
export const MessageText = memo(function MessageText({ text, mentions }: { text: string; mentions?: readonly Mention[] | undefined }) {
  const parse = useParser();
  if (!parse) return <p className="message-text is-plain">{withMentions(text, mentions, 'p')}</p>;
  return <div className="message-text">{renderAll(parse(text), mentions)}</div>;
});
