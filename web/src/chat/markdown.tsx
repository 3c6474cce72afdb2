import type { ComponentChildren } from 'preact';

/**
 * A small markdown subset (paragraphs, headings, lists, fenced code, inline code, bold,
 * italics, http(s) links) rendered as Preact elements. Sanitized by construction: text only
 * ever becomes text nodes, never HTML, and links keep only http(s) targets.
 */
export function Markdown({ text }: { text: string }) {
  return <div class="markdown">{blocks(text)}</div>;
}

type Block =
  | { kind: 'code'; language: string; lines: string[] }
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'paragraph'; lines: string[] };

function blocks(text: string): ComponentChildren[] {
  return parseBlocks(text.replace(/\r\n?/g, '\n')).map((block, index) => {
    switch (block.kind) {
      case 'code':
        return (
          <pre key={index} data-language={block.language || undefined}>
            <code>{block.lines.join('\n')}</code>
          </pre>
        );
      case 'heading': {
        const Tag = block.level === 1 ? 'h3' : block.level === 2 ? 'h4' : 'h5';
        return <Tag key={index}>{inline(block.text)}</Tag>;
      }
      case 'list': {
        const items = block.items.map((item, at) => <li key={at}>{inline(item)}</li>);
        return block.ordered ? <ol key={index}>{items}</ol> : <ul key={index}>{items}</ul>;
      }
      case 'paragraph':
        return <p key={index}>{block.lines.flatMap((line, at) => (at === 0 ? inline(line) : [<br key={`br${at}`} />, ...inline(line)]))}</p>;
    }
  });
}

const LIST_ITEM = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/;

export function parseBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const result: Block[] = [];
  let at = 0;
  while (at < lines.length) {
    const line = lines[at] ?? '';
    const fence = /^\s*```\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      at++;
      while (at < lines.length && !/^\s*```\s*$/.test(lines[at] ?? '')) body.push(lines[at++] ?? '');
      at++; // the closing fence (or the end of a stream still being written)
      result.push({ kind: 'code', language: fence[1] ?? '', lines: body });
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      result.push({ kind: 'heading', level: heading[1]?.length ?? 1, text: heading[2] ?? '' });
      at++;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = item[2] !== undefined;
      const items: string[] = [];
      while (at < lines.length) {
        const next = LIST_ITEM.exec(lines[at] ?? '');
        if (!next || (next[2] !== undefined) !== ordered) break;
        items.push(next[3] ?? '');
        at++;
      }
      result.push({ kind: 'list', ordered, items });
      continue;
    }
    if (line.trim() === '') {
      at++;
      continue;
    }
    const paragraph: string[] = [];
    while (at < lines.length && (lines[at] ?? '').trim() !== '' && !LIST_ITEM.test(lines[at] ?? '') && !/^(#{1,6}\s|\s*```)/.test(lines[at] ?? '')) paragraph.push(lines[at++] ?? '');
    result.push({ kind: 'paragraph', lines: paragraph });
  }
  return result;
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

function inline(text: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let rest = text;
  let key = 0;
  for (let match = INLINE.exec(rest); match; match = INLINE.exec(rest)) {
    if (match.index > 0) parts.push(rest.slice(0, match.index));
    const token = match[0];
    if (match[1]) parts.push(<code key={key++}>{token.slice(1, -1)}</code>);
    else if (match[2]) parts.push(<strong key={key++}>{inline(token.slice(2, -2))}</strong>);
    else if (match[3]) parts.push(<em key={key++}>{inline(token.slice(1, -1))}</em>);
    else parts.push(link(token, key++));
    rest = rest.slice(match.index + token.length);
  }
  if (rest !== '') parts.push(rest);
  return parts;
}

function link(token: string, key: number): ComponentChildren {
  const [, label = '', href = ''] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token) ?? [];
  if (!/^https?:\/\//i.test(href)) return label;
  return (
    <a key={key} href={href} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  );
}
