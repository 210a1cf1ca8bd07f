/** The modifiers written in a search, shown as chips that can be removed. */
export interface QueryChip {
  token: string;
  label: string;
}

const MODIFIER = /(^|\s)((?:in|from|before|after|has):\S+)/gi;

export function chipsOf(q: string): QueryChip[] {
  const chips: QueryChip[] = [];
  for (const match of q.matchAll(MODIFIER)) {
    const token = match[2];
    const [name, value] = [
      token.slice(0, token.indexOf(':')).toLowerCase(),
      token.slice(token.indexOf(':') + 1),
    ];
    const label =
      name === 'in'
        ? `in ${value.startsWith('#') ? value : `#${value}`}`
        : name === 'from'
          ? `from ${value.startsWith('@') ? value : `@${value}`}`
          : name === 'has'
            ? 'has a file'
            : `${name} ${value}`;
    chips.push({ token, label });
  }
  return chips;
}

/** The query without one modifier. */
export function withoutToken(q: string, token: string): string {
  return q
    .split(/\s+/)
    .filter((part) => part !== token)
    .join(' ')
    .trim();
}

/** The query with a modifier added, or removed when it is there. */
export function toggleToken(q: string, token: string): string {
  return q.split(/\s+/).includes(token) ? withoutToken(q, token) : `${q.trim()} ${token}`.trim();
}
