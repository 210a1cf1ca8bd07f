import { GatewayConfig } from '../config';

export type Upstream = 'users' | 'channels' | 'messaging' | 'presence' | 'files' | 'search' | 'admin';

/**
 * Which service owns a public path. Order matters: a channel's messages and changes belong to messaging, the
 * rest of a channel to channels.
 */
const ROUTES: Array<[RegExp, Upstream]> = [
  [/^\/api\/v1\/channels\/[^/]+\/messages(\/|$)/, 'messaging'],
  [/^\/api\/v1\/channels\/[^/]+\/changes(\/|$)/, 'messaging'],
  [/^\/api\/v1\/(channels|dms)(\/|$)/, 'channels'],
  [/^\/api\/v1\/messages(\/|$)/, 'messaging'],
  [/^\/api\/v1\/users(\/|$)/, 'users'],
  [/^\/api\/v1\/presence(\/|$)/, 'presence'],
  [/^\/api\/v1\/files(\/|$)/, 'files'],
  [/^\/api\/v1\/search(\/|$)/, 'search'],
  [/^\/api\/v1\/admin(\/|$)/, 'admin'],
];

export function upstreamFor(path: string): Upstream | null {
  for (const [pattern, upstream] of ROUTES) if (pattern.test(path)) return upstream;
  return null;
}

/**
 * Roles the gateway requires before forwarding at all: a first line of defence in front of the
 * owning service's own, finer checks.
 */
export function rolesRequiredFor(path: string): string[] {
  return /^\/api\/v1\/admin(\/|$)/.test(path) ? ['admin', 'moderator'] : [];
}

export function upstreamUrls(config: GatewayConfig): Record<Upstream, string> {
  return {
    users: config.USERS_URL,
    channels: config.CHANNELS_URL,
    messaging: config.MESSAGING_URL,
    presence: config.PRESENCE_URL,
    files: config.FILES_URL,
    search: config.SEARCH_URL,
    admin: config.ADMIN_URL,
  };
}
