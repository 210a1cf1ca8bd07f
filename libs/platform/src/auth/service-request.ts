import { Identity } from './identity';
import { IDENTITY_HEADER, signIdentity } from './internal-identity';
import { internalCallHeaders } from './service-credential';

export interface ServiceResponse<T> {
  status: number;
  body: T | null;
}

/**
 * One call from a service to another on behalf of `identity`, signed as the gateway signs it, with a
 * short deadline: callers use it to confirm what a lagging projection does not know yet, and treat
 * a failure as "no answer" (null) rather than as an error of their own.
 */
export async function serviceRequest<T>(
  url: string,
  options: {
    secret: string;
    identity: Identity;
    method?: string;
    body?: unknown;
    timeoutMs?: number;
    /** For an `/internal/*` route: the calling and the called service, signed as a service credential. */
    service?: { from: string; to: string };
  },
): Promise<ServiceResponse<T> | null> {
  try {
    const response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: {
        ...(options.service
          ? internalCallHeaders({ ...options.service, secret: options.secret }, options.identity)
          : { [IDENTITY_HEADER]: signIdentity(options.identity, options.secret) }),
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 2_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as T) : null };
  } catch {
    return null;
  }
}
