interface MdNode {
  type: string;
  value?: string;
  children?: MdNode[];
}

const BLOCK_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

function walk(node: MdNode): void {
  if (!node.children) return;
  node.children = node.children.map((child) => {
    if (child.type !== 'html') {
      walk(child);
      return child;
    }
    const text: MdNode = { type: 'text', value: child.value ?? '' };
    return BLOCK_PARENTS.has(node.type) ? { type: 'paragraph', children: [text] } : text;
  });
}

/** HTML written in a message is shown as the text it is, as chat apps do; it is never markup. */
export function remarkHtmlAsText() {
  return (tree: MdNode) => walk(tree);
}
