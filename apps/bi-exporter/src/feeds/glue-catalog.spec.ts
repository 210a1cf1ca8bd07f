import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { glueTables } from './glue-catalog';

describe('the Glue catalog in terraform', () => {
  it('declares exactly the feed versions and aggregates the exporter writes, with their columns', () => {
    const file = join(__dirname, '../../../../terraform/modules/bi_catalog/tables.json');
    const declared = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    // When this fails after a feed change: pnpm exec nx run bi-exporter:build && node apps/bi-exporter/tools/write-glue-tables.mjs
    expect(declared).toEqual(glueTables());
  });
});
