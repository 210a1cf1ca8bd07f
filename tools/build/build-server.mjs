#!/usr/bin/env node
// Builds one server app; `node dist/apps/<app>/apps/<app>/src/main.js` runs it (the path every caller
// starts: tools/lib/services.sh, the Dockerfile, libs/testing's ServiceProcess, the benches). Two steps:
// 1. SWC compiles the app and the libs it reaches into dist/apps/<app>/, keeping the source layout
//    (TypeScript, legacy decorators WITH their `design:paramtypes` metadata, which Nest's dependency
//    injection reads; the path aliases of tsconfig.base.json rewritten into relative imports).
//    Type-checking is the `typecheck` target's job. Tools that load one module of a service (its
//    config schema in `tools/colink check deploy`, the internal identity in the benches) read these.
// 2. esbuild bundles that main.js, the modules it requires and their node_modules into one minified
//    file that replaces it, class and function names kept (Nest, TypeORM and the logs read them). One
//    file of less source text than the ~1,900 modules it replaces: less heap and compiled code per idle
//    service (docs/performance.md, "Footprint"). Native and optional packages stay outside (NATIVE
//    below, and whatever is not installed) and load from node_modules at run time as before.
// main.js.map maps the bundle back to the TypeScript: NODE_OPTIONS=--enable-source-maps.
import { transformFile } from '@swc/core';
import { build } from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = process.argv[2];
if (!app) {
  console.error('usage: build-server.mjs <app>');
  process.exit(2);
}
const out = join(root, 'dist', 'apps', app);
const entry = join('apps', app, 'src', 'main.js');
const sources = [
  join(root, 'apps', app, 'src'),
  join(root, 'libs', 'contracts', 'src'),
  join(root, 'libs', 'platform', 'src'),
];

/**
 * Packages left out of the bundle and required from node_modules at run time: native addons (their
 * .node files are found relative to their own package), and swagger-ui-dist, whose files the gateway
 * serves from its package folder.
 */
const NATIVE = ['@duckdb/*', 'sharp', '@img/*', 'pg-native', 'swagger-ui-dist'];

/**
 * Packages the platform loads on first use, for the services that use them: bundled only into an app
 * whose own sources name them (an import, or the PlatformModule option that needs them), otherwise
 * left outside, where nothing requires them (they stay loadable from node_modules). Each app's bundle
 * shrinks by the ~2 MiB of source it would never run (users: 6.6 -> 4.6 MiB).
 */
const OPTIONAL = {
  typeorm: /\bdatabase:|from '(typeorm|@nestjs\/typeorm)'/,
  '@nestjs/typeorm': /\bdatabase:|from '(typeorm|@nestjs\/typeorm)'/,
  pg: /\bdatabase:|from 'pg'/,
  redis: /\bredis:|from '(redis|@socket\.io\/redis-adapter)'/,
  mongodb: /from 'mongodb'/,
  '@aws-sdk/client-s3': /from '@aws-sdk\/client-s3'/,
  '@opensearch-project/opensearch': /from '@opensearch-project\/opensearch'/,
  'socket.io': /from '(socket\.io|@socket\.io\/redis-adapter)'/,
  '@socket.io/redis-adapter': /from '@socket\.io\/redis-adapter'/,
};

async function* walk(dir) {
  for (const item of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    // A service's src/testing/ is test support (lint lets it use @colink/testing): never built.
    if (item.isDirectory()) {
      if (path !== join(root, 'apps', app, 'src', 'testing')) yield* walk(path);
    } else if (item.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(item.name)) yield path;
  }
}

const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    baseUrl: root,
    // The path aliases of tsconfig.base.json, the one place they are written.
    paths: JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

/**
 * Optional dependencies that are not installed (Nest's other transports, TypeORM's other drivers,
 * kafkajs and mongodb compression codecs...): left as run-time requires, which throw only if reached,
 * exactly as they do unbundled.
 */
const notInstalledStayOutside = {
  name: 'not-installed-stay-outside',
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, (args) => {
      if (!args.importer || args.path.startsWith('node:')) return undefined;
      try {
        createRequire(args.importer).resolve(args.path);
        return undefined;
      } catch {
        return { path: args.path, external: true };
      }
    });
  },
};

await rm(out, { recursive: true, force: true });
let appSource = '';
for await (const file of walk(sources[0])) appSource += await readFile(file, 'utf8');
const unused = Object.keys(OPTIONAL).filter((name) => !OPTIONAL[name].test(appSource));
let count = 0;
for (const dir of sources) {
  for await (const file of walk(dir)) {
    const { code, map } = await transformFile(file, { ...swcOptions, filename: file });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
    count += 1;
  }
}
const main = join(out, entry);
const bundled = join(out, 'main.bundle.js');
const result = await build({
  entryPoints: [main],
  outfile: bundled,
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  keepNames: true,
  sourcemap: true,
  external: [...NATIVE, ...unused],
  plugins: [notInstalledStayOutside],
  metafile: true,
  logLevel: 'error',
});
// The bundle takes main.js's place (its map's `file` and the comment name main.js).
const map = JSON.parse(await readFile(`${bundled}.map`, 'utf8'));
const base = dirname(main);
map.sources = map.sources.map((source) => relative(base, join(out, source)));
await writeFile(`${main}.map`, JSON.stringify({ ...map, file: 'main.js' }));
await rm(`${bundled}.map`);
const code = await readFile(bundled, 'utf8');
await writeFile(
  main,
  code.replace(/\/\/# sourceMappingURL=main\.bundle\.js\.map\s*$/, '//# sourceMappingURL=main.js.map\n'),
);
await rm(bundled);
const inputs = Object.keys(result.metafile.inputs).length;
console.log(
  `built ${app}: ${count} files, bundled with ${inputs - count} more modules into ${relative(root, main)} (${(code.length / 2 ** 20).toFixed(1)} MiB; not bundled, unused: ${unused.join(' ') || '-'})`,
);
