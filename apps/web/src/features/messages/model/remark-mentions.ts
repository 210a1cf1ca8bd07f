/** A minimal mdast shape: the plugin only looks at text nodes and their parents. */
interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
  data?: { hName?: string; hProperties?: Record<string, unknown> };
}

const MENTION = /(^|[^\w@])(@[a-z0-9][\w.-]*)/gi;

/** Splits a text into plain runs and `@mention` runs. */
export function splitMentions(text: string): Array<{ text: string; mention: boolean }> {
  const parts: Array<{ text: string; mention: boolean }> = [];
  let last = 0;
  for (const match of text.matchAll(MENTION)) {
    const start = (match.index ?? 0) + match[1].length;
    if (start > last) parts.push({ text: text.slice(last, start), mention: false });
    parts.push({ text: match[2], mention: true });
    last = start + match[2].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), mention: false });
  return parts;
}

function walk(node: MdNode): void {
  if (!node.children) return;
  if (node.type === 'link' || node.type === 'inlineCode' || node.type === 'code') return;
  const next: MdNode[] = [];
  for (const child of node.children) {
    if (child.type === 'text' && child.value && child.value.includes('@')) {
      for (const part of splitMentions(child.value)) {
        next.push(
          part.mention
            ? {
                type: 'mention',
                children: [{ type: 'text', value: part.text }],
                data: { hName: 'span', hProperties: { className: ['mention'] } },
              }
            : { type: 'text', value: part.text },
        );
      }
    } else {
      walk(child);
      next.push(child);
    }
  }
  node.children = next;
}

/** Marks `@name`, `@channel` and `@here` so they stand out. */
export function remarkMentions() {
  return (tree: MdNode) => walk(tree);
}
