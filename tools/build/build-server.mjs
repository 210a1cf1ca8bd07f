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
//    below, and whatever is not installed) and load from node_modules at run time as before. Modules a
//    service does not run while idle go to chunk-<name>.js files beside it, loaded on first use (SPLIT).
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
 * Packages never loaded by any service, which a bundled package names in a require it reaches only in
 * a mode CoLink does not use: left out of every bundle (their source text would sit on the heap).
 * ioredis: Nest's Redis microservice transport (CoLink's Redis client is node-redis).
 */
const NEVER = ['ioredis'];

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

/**
 * Packages a bundled dependency requires when it loads but calls only on a path a service rarely or
 * never takes, with the exports it reads at call time: the bundle gets a stand-in whose exports load
 * the package on first read. @mongodb-js/saslprep (SCRAM-SHA-256 passwords only) builds its Unicode
 * tables when it loads: ~2 MiB of heap in every process with the MongoDB driver.
 */
const LAZY = { '@mongodb-js/saslprep': ['saslprep'] };
const lazyPackages = {
  name: 'lazy-packages',
  setup(bundler) {
    // mongodb-connection-string-url parses the connection string with whatwg-url, a URL parser in
    // JavaScript whose Unicode tables (tr46) cost ~1 MiB of heap in every process with the MongoDB
    // driver; Node's own URL and URLSearchParams implement the same standard (same parse, same output).
    bundler.onResolve({ filter: /^whatwg-url$/ }, (args) =>
      /\/mongodb-connection-string-url\//.test(args.importer)
        ? { path: 'whatwg-url', namespace: 'node-url' }
        : undefined,
    );
    // type-is 1.x (multer's, which Nest's express adapter loads) brings mime-types 2 and a second copy
    // of mime-db (~0.5 MiB of heap); it only calls lookup(), which express's mime-types 3 answers alike.
    const expressRequire = createRequire(
      createRequire(createRequire(import.meta.url).resolve('@nestjs/platform-express')).resolve('express'),
    );
    bundler.onResolve({ filter: /^mime-types$/ }, (args) =>
      /\/type-is@1\./.test(args.importer) ? { path: expressRequire.resolve('mime-types') } : undefined,
    );
    bundler.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({
      contents: 'module.exports = { URL, URLSearchParams };',
      loader: 'js',
    }));
    const filter = new RegExp(
      `^(${Object.keys(LAZY)
        .map((n) => n.replace(/[/.]/g, '\\$&'))
        .join('|')})$`,
    );
    bundler.onResolve({ filter }, (args) =>
      args.namespace === 'lazy'
        ? // the stand-in's own require: the real package, from where the first importer found it
          { path: createRequire(join(args.resolveDir, 'index.js')).resolve(args.path) }
        : { path: args.path, namespace: 'lazy', pluginData: { resolveDir: args.resolveDir } },
    );
    bundler.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: [
        `let real;`,
        `const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        ...LAZY[args.path].map(
          (name) =>
            `Object.defineProperty(exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`,
        ),
      ].join('\n'),
      loader: 'js',
      resolveDir: args.pluginData.resolveDir,
    }));
  },
};

/**
 * Modules split out of the bundle into a file of their own beside main.js (chunk-<name>.js), loaded on
 * the first read of one of their exports: a service that does not use them while idle carries neither
 * their source text (each byte of the bundle is a byte of heap: V8 keeps a script's source for the
 * functions it compiles later) nor their objects. Each chunk: the resolved paths of the modules in it.
 * The AWS SDK is used by files on its first upload or download (~0.6 MiB of source); zod's 40 locales
 * (~0.3 MiB, in every service) only if a service asks for one: the English messages stay in the bundle;
 * iconv-lite's character sets (~0.45 MiB, in every service) with the first request body to decode.
 */
const SPLIT = {
  'aws-s3': /\/node_modules\/@aws-sdk\/(client-s3|s3-request-presigner)\/dist-cjs\/index\.js$/,
  'zod-locales': /\/node_modules\/zod\/v4\/locales\/index\.cjs$/,
  'iconv-encodings': /\/node_modules\/iconv-lite\/encodings\/index\.js$/,
};
const chunks = new Map(); // chunk name -> resolved paths of its modules
const splitModules = {
  name: 'split-modules',
  setup(bundler) {
    const buildRequire = createRequire(import.meta.url);
    bundler.onResolve({ filter: /^\.\/chunk-/ }, (args) =>
      args.namespace === 'split' ? { path: args.path, external: true } : undefined,
    );
    bundler.onResolve({ filter: /^@aws-sdk\/|\/locales\/index\.cjs$|^\.\.\/encodings$/ }, (args) => {
      if (!args.importer || args.namespace === 'split') return undefined;
      let resolved;
      try {
        resolved = createRequire(args.importer).resolve(args.path);
      } catch {
        return undefined;
      }
      const chunk = Object.keys(SPLIT).find((name) => SPLIT[name].test(resolved));
      if (!chunk) return undefined;
      if (!chunks.has(chunk)) chunks.set(chunk, new Set());
      chunks.get(chunk).add(resolved);
      return { path: resolved, namespace: 'split', pluginData: { chunk } };
    });
    bundler.onLoad({ filter: /.*/, namespace: 'split' }, (args) => {
      const names = Object.keys(buildRequire(args.path)).filter((name) => name !== '__esModule');
      const key = relative(root, args.path);
      return {
        contents: [
          `let real;`,
          `const load = () => (real ??= require(${JSON.stringify(`./chunk-${args.pluginData.chunk}.js`)})[${JSON.stringify(key)}]);`,
          `Object.defineProperty(exports, '__esModule', { value: true });`,
          `for (const name of ${JSON.stringify(names)})`,
          `  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
        ].join('\n'),
        loader: 'js',
      };
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
/** What the bundle and its chunks are built with. */
const bundling = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  minify: true,
  keepNames: true,
  sourcemap: true,
  external: [...NATIVE, ...NEVER, ...unused],
  logLevel: 'error',
};
const result = await build({
  ...bundling,
  entryPoints: [main],
  outfile: bundled,
  plugins: [lazyPackages, splitModules, notInstalledStayOutside],
  metafile: true,
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
// Each chunk: one file exporting its modules by their path in the repository.
const split = [];
for (const [chunk, paths] of chunks) {
  const file = join(dirname(main), `chunk-${chunk}.js`);
  await build({
    stdin: {
      contents: `module.exports = {${[...paths].map((path) => `${JSON.stringify(relative(root, path))}: require(${JSON.stringify(path)})`).join(',\n')}};`,
      resolveDir: root,
      sourcefile: `chunk-${chunk}.js`,
    },
    ...bundling,
    outfile: file,
    plugins: [lazyPackages, notInstalledStayOutside],
  });
  split.push(`chunk-${chunk}.js (${((await readFile(file)).length / 2 ** 20).toFixed(1)} MiB)`);
}
const inputs = Object.keys(result.metafile.inputs).length;
console.log(
  `built ${app}: ${count} files, bundled with ${inputs - count} more modules into ${relative(root, main)} (${(code.length / 2 ** 20).toFixed(1)} MiB; loaded on first use: ${split.join(', ') || '-'}; not bundled, unused: ${unused.join(' ') || '-'})`,
);
