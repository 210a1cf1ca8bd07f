#!/usr/bin/env node
// `tools/colink check deploy`: docker-compose.yml and the Helm chart give every service what its
// config needs. Each service's config schema (dist/apps/<app>/.../config.js, built first) parses the
// environment the deployment gives it, as the service does at start with NODE_ENV=production: it must
// be accepted, and no setting may be left to a default that points at localhost (inside a container
// or a pod that is itself, not the component).
//   node tools/deploy/service-env.mjs [rendered-chart.yaml ...]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
// Defaults that name localhost on purpose: what the browser uses (the published ports), not a peer.
const BROWSER_FACING = new Set(['CORS_ORIGINS']);
// A value standing for a secret: long enough for every secret rule, known to none.
const SECRET = 'S'.repeat(48);

let problems = 0;
let checked = 0;

function check(where, app, env) {
  checked++;
  const config = require(join(root, 'dist', 'apps', app, 'apps', app, 'src', 'config.js'));
  const schema = Object.entries(config).find(([key]) => key.endsWith('ConfigSchema'))?.[1];
  if (!schema) throw new Error(`${app}: no *ConfigSchema export in its config.ts`);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      console.error(`${where}: ${issue.path.join('.')}: ${issue.message}`);
    problems++;
    return;
  }
  for (const key of Object.keys(schema.shape)) {
    const value = JSON.stringify(parsed.data[key]);
    if (!(key in env) && !BROWSER_FACING.has(key) && /localhost|127\.0\.0\.1/.test(value)) {
      console.error(`${where}: ${key} is not set and defaults to ${value}`);
      problems++;
    }
  }
}

// docker-compose.yml: `${VAR:?message}` and `${VAR}` come from `.env` (deploy/compose.env.example).
const example = new Set(
  readFileSync(join(root, 'deploy', 'compose.env.example'), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.slice(0, line.indexOf('='))),
);
const interpolate = (value) =>
  String(value).replace(/\$\{([A-Z_]+)(:?[?-][^}]*)?\}/g, (_, name) => {
    if (!example.has(name)) throw new Error(`\${${name}} is not in deploy/compose.env.example`);
    return SECRET;
  });
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), {
  merge: true,
  maxAliasCount: -1,
});
for (const [name, service] of Object.entries(compose.services)) {
  const app = service.build?.args?.APP;
  if (!app) continue;
  if (service.build.dockerfile !== 'Dockerfile') {
    console.error(`compose ${name}: built from ${service.build.dockerfile}, not the one Dockerfile`);
    problems++;
  }
  check(
    `compose ${name}`,
    app,
    Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(v)])),
  );
}

// Rendered chart: each Deployment's container env; secrets and field references stand for values the
// cluster fills in, $(VAR) expands as Kubernetes does.
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const object = doc.toJS();
    if (object?.kind !== 'Deployment') continue;
    const container = object.spec.template.spec.containers[0];
    const app = /-([a-z-]+):[^:/]*$/.exec(container.image)?.[1]?.replace(/^colink-/, '');
    const env = {};
    for (const variable of container.env ?? []) {
      env[variable.name] =
        variable.value !== undefined
          ? String(variable.value).replace(/\$\(([A-Z_]+)\)/g, (_, name) => env[name] ?? `$(${name})`)
          : variable.valueFrom?.secretKeyRef
            ? SECRET
            : 'from-the-cluster';
    }
    check(`${file.split('/').pop()} ${object.metadata.name}`, app, env);
  }
}

console.log(
  `service environments: ${checked} checked against the services' config schemas, ${problems} problems`,
);
process.exit(problems || checked === 0 ? 1 : 0);
