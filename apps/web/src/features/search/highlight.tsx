import { ReactNode } from 'react';

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x2F;': '/',
};

function decode(text: string): string {
  return text.replace(/&(?:amp|lt|gt|quot|#x27|#39|#x2F);/g, (entity) => ENTITIES[entity] ?? entity);
}

/**
 * A highlight fragment from the server (HTML-escaped text with `<mark>` around matches) as React
 * nodes: the text is decoded and rendered as text, so nothing in a message can become markup.
 */
export function highlightNodes(fragment: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let marked = false;
  fragment.split(/(<mark>|<\/mark>)/).forEach((part, index) => {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) nodes.push(marked ? <mark key={index}>{decode(part)}</mark> : decode(part));
  });
  return nodes;
}
