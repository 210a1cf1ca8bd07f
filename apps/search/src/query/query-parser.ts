/** What a search asks for once its modifiers are taken out of `q`. */
export interface ParsedQuery {
  /** Free words, in order. */
  words: string[];
  /** `"exact phrases"`, without the quotes. */
  phrases: string[];
  /** `in:#name` (any of them), names without the `#`. */
  channels: string[];
  /** `from:@user` (any of them), usernames without the `@`. */
  from: string[];
  /** `before:YYYY-MM-DD`: strictly before that day (UTC). */
  before?: string;
  /** `after:YYYY-MM-DD`: strictly after that day (UTC). */
  after?: string;
  hasFile: boolean;
}

export class QuerySyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}

/** A calendar day that exists, as YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const MODIFIER = /^(in|from|before|after|has):(.*)$/i;

function earlier(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}
function later(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}

/**
 * Splits `q` into words, quoted phrases and modifiers (`in:#channel`, `from:@user`,
 * `before:`/`after:` dates, `has:file`). A word with another colon (`http://x`, `a:b`) is text.
 * Throws `QuerySyntaxError` for an unclosed quote, an empty or bad modifier value.
 */
export function parseQuery(q: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], phrases: [], channels: [], from: [], hasFile: false };
  let i = 0;
  while (i < q.length) {
    const ch = q[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === '"') {
      const end = q.indexOf('"', i + 1);
      if (end === -1) throw new QuerySyntaxError('a quoted phrase is not closed');
      const phrase = q.slice(i + 1, end).trim();
      if (phrase) parsed.phrases.push(phrase);
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < q.length && !/\s/.test(q[end])) end += 1;
    const token = q.slice(i, end);
    i = end;
    const modifier = MODIFIER.exec(token);
    if (!modifier) {
      parsed.words.push(token);
      continue;
    }
    const name = modifier[1].toLowerCase();
    const value = modifier[2];
    switch (name) {
      case 'in': {
        const channel = value.replace(/^#/, '').toLowerCase();
        if (!/^[a-z0-9_-]{1,80}$/.test(channel))
          throw new QuerySyntaxError('in: takes a channel name, like in:#general');
        parsed.channels.push(channel);
        break;
      }
      case 'from': {
        const user = value.replace(/^@/, '');
        if (!user || user.length > 255) throw new QuerySyntaxError('from: takes a user, like from:@alice');
        parsed.from.push(user);
        break;
      }
      case 'before':
        if (!isDay(value)) throw new QuerySyntaxError('before: takes a date, like before:2025-01-31');
        parsed.before = earlier(parsed.before, value);
        break;
      case 'after':
        if (!isDay(value)) throw new QuerySyntaxError('after: takes a date, like after:2025-01-31');
        parsed.after = later(parsed.after, value);
        break;
      case 'has':
        if (value.toLowerCase() !== 'file') throw new QuerySyntaxError('has: takes file, as in has:file');
        parsed.hasFile = true;
        break;
    }
  }
  return parsed;
}
