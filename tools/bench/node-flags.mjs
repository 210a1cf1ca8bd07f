// The Node flags and environment the services run with, from deploy/node.env (what services.sh and
// the Dockerfile use), for the benches that start services: `NODE_FLAGS` to put before the entry
// file, `NODE_ENV_VARS` to add to the child's environment. A variable set in the environment wins,
// as in services.sh: COLINK_NODE_FLAGS="--max-semi-space-size=2" compares another set of flags.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'node.env');
const fromFile = Object.fromEntries(
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
    .map((line) => {
      const [key, value] = line.split(/=(.*)/s);
      return [key, value.replace(/^"(.*)"$/, '$1')];
    }),
);
const value = (key) => process.env[key] ?? fromFile[key];

export const NODE_FLAGS = value('COLINK_NODE_FLAGS').split(' ').filter(Boolean);
export const NODE_ENV_VARS = Object.fromEntries(
  Object.keys(fromFile)
    .filter((key) => key !== 'COLINK_NODE_FLAGS')
    .map((key) => [key, value(key)]),
);
