/**
 * A request path the gateway may act on: its segments decoded, with nothing a URL resolver (ours,
 * `fetch`'s or a service's) could rewrite into another path. The gateway routes on these segments
 * and rebuilds the upstream URL from them, never from the raw request line.
 */
export interface NormalisedPath {
  /** Decoded segments, without the leading empty one. */
  segments: string[];
  /** `true` when the path ended with `/`. */
  trailingSlash: boolean;
  /** The query, re-serialised from its parsed pairs (empty or starting with `?`). */
  search: string;
}

export type PathVerdict = { ok: true; path: NormalisedPath } | { ok: false; reason: string };

const ENCODED_SEPARATOR = /%(2f|5c)/i;
const DOT_SEGMENT = /^\.{1,2}$/;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/**
 * The verdict on a request's URL, worked out once per request: the front door's check stores it on
 * the response's locals and the proxy reads it back (the same URL is not parsed twice).
 */
export function requestPathVerdict(rawUrl: string, locals: Record<string, unknown>): PathVerdict {
  const known = locals.colinkPath as { url: string; verdict: PathVerdict } | undefined;
  if (known?.url === rawUrl) return known.verdict;
  const verdict = normaliseRequestPath(rawUrl);
  locals.colinkPath = { url: rawUrl, verdict };
  return verdict;
}

export function normaliseRequestPath(rawUrl: string): PathVerdict {
  const queryAt = rawUrl.indexOf('?');
  const rawPath = queryAt === -1 ? rawUrl : rawUrl.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : rawUrl.slice(queryAt + 1);
  if (!rawPath.startsWith('/')) return { ok: false, reason: 'the path must start with /' };
  if (rawPath.includes('\\')) return { ok: false, reason: 'backslashes are not allowed in a path' };
  if (rawPath.includes('#')) return { ok: false, reason: 'a fragment is not part of a request path' };
  const raw = rawPath.slice(1).split('/');
  const trailingSlash = raw.length > 1 && raw[raw.length - 1] === '';
  if (trailingSlash) raw.pop();
  const segments: string[] = [];
  for (const [index, segment] of raw.entries()) {
    if (segment === '') {
      if (index === 0 && raw.length === 1) break; // the root path `/`
      return { ok: false, reason: 'empty path segments are not allowed' };
    }
    if (ENCODED_SEPARATOR.test(segment))
      return { ok: false, reason: 'encoded slashes or backslashes are not allowed' };
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return { ok: false, reason: 'the path has a malformed percent-encoding' };
    }
    if (DOT_SEGMENT.test(decoded)) return { ok: false, reason: '"." and ".." segments are not allowed' };
    if (hasControlCharacter(decoded)) return { ok: false, reason: 'control characters are not allowed' };
    segments.push(decoded);
  }
  let search = '';
  if (rawQuery !== '') {
    try {
      search = `?${new URLSearchParams(rawQuery).toString()}`;
    } catch {
      return { ok: false, reason: 'the query string could not be read' };
    }
    if (search === '?') search = '';
  }
  return { ok: true, path: { segments, trailingSlash, search } };
}

/** The path part for an upstream URL: every segment re-encoded, so none can act as a separator or dot. */
export function formatPath(path: NormalisedPath): string {
  return `/${path.segments.map((segment) => encodeURIComponent(segment)).join('/')}${
    path.trailingSlash ? '/' : ''
  }`;
}
