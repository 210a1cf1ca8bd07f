// The internal identity the gateway signs for services, for benches that call services directly:
// the header name and the signature come from the platform's own build (libs/platform's
// internal-identity), never spelled again here.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = join(
  root,
  'dist',
  'apps',
  'messaging',
  'libs',
  'platform',
  'src',
  'auth',
  'internal-identity.js',
);
if (!existsSync(built)) {
  const build = spawnSync('pnpm', ['exec', 'nx', 'run', 'messaging:build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build of messaging failed');
}
const { IDENTITY_HEADER, signIdentity } = createRequire(import.meta.url)(built);

/** Headers that make a service see `user` (`{ sub, username }`) as a signed-in member. */
export function identityHeaders(user, secret) {
  const identity = {
    sub: user.sub,
    username: user.username,
    email: null,
    name: user.username,
    roles: ['member'],
  };
  return { [IDENTITY_HEADER]: signIdentity(identity, secret) };
}
