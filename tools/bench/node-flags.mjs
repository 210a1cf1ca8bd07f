// The Node flags and environment the services run with, from deploy/node.env (what deploy/node-start.sh
// reads: the image's entry, and `tools/colink up`'s), for the benches that start services: `NODE_FLAGS`
// (every service's) and `serviceNodeFlags(name)` (one service's own, after them) to put before the
// entry file, `NODE_ENV_VARS` to add to the child's environment. A variable set in the environment
// wins, as in node-start.sh: COLINK_NODE_FLAGS="--max-semi-space-size=2" compares another set of
// flags, COLINK_NODE_FLAGS_MESSAGING= (empty) runs messaging with the common flags only.
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
const words = (text) => (text ?? '').split(' ').filter(Boolean);
const isFlags = (key) => key === 'COLINK_NODE_FLAGS' || key.startsWith('COLINK_NODE_FLAGS_');

export const NODE_FLAGS = words(value('COLINK_NODE_FLAGS'));

/** The variable holding a service's own flags: ws-gateway -> COLINK_NODE_FLAGS_WS_GATEWAY. */
export const serviceFlagsKey = (service) => `COLINK_NODE_FLAGS_${service.toUpperCase().replace(/-/g, '_')}`;

/** A service's own flags, added after NODE_FLAGS (of a flag given twice, V8 takes the last). */
export const serviceNodeFlags = (service) => words(value(serviceFlagsKey(service)));

/** The per-service flags deploy/node.env and the environment set, e.g. { messaging: [...] }, for a bench's header. */
export function serviceNodeFlagsSet(services) {
  return Object.fromEntries(
    services.map((name) => [name, serviceNodeFlags(name)]).filter(([, flags]) => flags.length),
  );
}

export const NODE_ENV_VARS = Object.fromEntries(
  Object.keys(fromFile)
    .filter((key) => !isFlags(key))
    .map((key) => [key, value(key)]),
);
