#!/usr/bin/env node
// Writes terraform/modules/bi_catalog/tables.json from the exporter's feed registry (built first:
// pnpm exec nx run bi-exporter:build), so the Glue tables cannot drift from the Parquet written.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const require = createRequire(import.meta.url);
const { glueTables } = require(
  join(root, 'dist/apps/bi-exporter/apps/bi-exporter/src/feeds/glue-catalog.js'),
);
const out = join(root, 'terraform/modules/bi_catalog/tables.json');
writeFileSync(out, `${JSON.stringify(glueTables(), null, 2)}\n`);
console.log(`wrote ${out}`);
