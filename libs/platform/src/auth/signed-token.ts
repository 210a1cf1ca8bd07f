import { createHmac, timingSafeEqual } from 'node:crypto';

/** `base64url(JSON).base64url(HMAC-SHA256)`: the shape of every header one service signs for another. */
export function sealToken(payload: object, key: string | Buffer): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

/** The payload of a token sealed with `key` and at most `maxAgeS` old (by its `iat`), or null. */
export function openToken<T extends { iat: number }>(
  token: string | undefined,
  key: string | Buffer,
  maxAgeS: number,
  now = Date.now(),
): T | null {
  if (!token) return null;
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(createHmac('sha256', key).update(body).digest('base64url'));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let payload: T;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
  const age = Math.floor(now / 1000) - payload?.iat;
  if (!Number.isFinite(age) || age > maxAgeS || age < -maxAgeS) return null;
  return payload;
}
