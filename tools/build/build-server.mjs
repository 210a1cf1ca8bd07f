#!/usr/bin/env node
// Compiles one server app and the libs it reaches with SWC into dist/apps/<app>/, keeping the
// source layout, so `node dist/apps/<app>/apps/<app>/src/main.js` runs. SWC rewrites the path
// aliases of tsconfig.base.json into relative imports; type-checking is the `typecheck` target's job.
import { transformFile } from '@swc/core';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const app = process.argv[2];
if (!app) {
  console.error('usage: build-server.mjs <app>');
  process.exit(2);
}
const out = join(root, 'dist', 'apps', app);
const sources = [
  join(root, 'apps', app, 'src'),
  join(root, 'libs', 'contracts', 'src'),
  join(root, 'libs', 'platform', 'src'),
];

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // A service's src/testing/ is test support (lint lets it use @colink/testing): never built.
    if (entry.isDirectory()) {
      if (path !== join(root, 'apps', app, 'src', 'testing')) yield* walk(path);
    } else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec)\.ts$/.test(entry.name)) yield path;
  }
}

const options = {
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

await rm(out, { recursive: true, force: true });
let count = 0;
for (const dir of sources) {
  for await (const file of walk(dir)) {
    const { code, map } = await transformFile(file, { ...options, filename: file });
    const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
    if (map) await writeFile(`${target}.map`, map);
    count += 1;
  }
}
console.log(`built ${app}: ${count} files -> ${relative(root, out)}`);
