export interface ParsedMentions {
  /** Lower-case usernames in order of first appearance. */
  usernames: string[];
  channel: boolean;
  here: boolean;
}

// Code is not prose: `@names` inside fenced blocks or inline code are not mentions.
const FENCED = /(^|\n)(```|~~~)[^\n]*\n[\s\S]*?(\n\2[^\n]*(?=\n|$)|$)/g;
const INLINE_CODE = /(`+)[^`]*?\1/g;
// Not after a word character, "@" or "/" (emails, URLs); usernames may hold ".", "_" and "-" inside.
const MENTION = /(^|[^\p{L}\p{N}_@/.])@([\p{L}\p{N}_](?:[\p{L}\p{N}._-]*[\p{L}\p{N}_])?)/gu;

/** `@username`, `@channel` and `@here` in a Markdown message. */
export function parseMentions(markdown: string): ParsedMentions {
  const prose = markdown.replace(FENCED, '\n').replace(INLINE_CODE, ' ');
  const usernames: string[] = [];
  let channel = false;
  let here = false;
  for (const match of prose.matchAll(MENTION)) {
    const name = match[2].toLowerCase();
    if (name === 'channel') channel = true;
    else if (name === 'here') here = true;
    else if (!usernames.includes(name)) usernames.push(name);
  }
  return { usernames, channel, here };
}
