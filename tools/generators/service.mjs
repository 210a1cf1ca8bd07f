#!/usr/bin/env node
// Generates a NestJS service the way CoLink's services are built (docs/architecture.md, "One service,
// the model to copy"), so every service starts with the same names, files and folders:
//   node tools/generators/service.mjs <name> <port> [postgres,kafka,redis,mongo,s3,opensearch,clamd,keycloak]
// It adds the service to the port table (SERVICES in libs/contracts/src/topology.ts, metrics on
// port + 1000), regenerates deploy/topology.env and Prometheus' scrape jobs, and writes apps/<name>/:
// config (PORT from the table), the platform wiring (/health, /ready with the service's own
// dependencies, /metrics), one feature folder (module, controller, service, errors, and a repository
// with its first migration when it owns a Postgres schema) and a unit spec. It refuses to overwrite.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name, portArg, depsArg = ''] = process.argv.slice(2);
function fail(message, code = 2) {
  console.error(`service.mjs: ${message}`);
  process.exit(code);
}
if (!name || !/^[a-z][a-z-]*[a-z]$/.test(name) || !/^\d+$/.test(portArg ?? ''))
  fail('usage: service.mjs <name> <port> [postgres,kafka,redis,mongo,s3,opensearch,clamd,keycloak]');
const port = Number(portArg);
const deps = new Set(depsArg.split(',').filter(Boolean));
const known = ['postgres', 'kafka', 'redis', 'mongo', 's3', 'opensearch', 'clamd', 'keycloak'];
for (const dep of deps)
  if (!known.includes(dep)) fail(`unknown dependency ${dep}; one of ${known.join(', ')}`);
const dir = join(root, 'apps', name);
if (existsSync(dir)) fail(`apps/${name} exists`, 1);

// --- the port table: the service's row, before ws-gateway and the gateway (they start last)
const topologyPath = join(root, 'libs', 'contracts', 'src', 'topology.ts');
const topology = readFileSync(topologyPath, 'utf8');
const key = name.includes('-') ? `'${name}'` : name;
if (new RegExp(`^  ${key}: \\{`, 'm').test(topology)) fail(`${name} is already in SERVICES`, 1);
for (const taken of topology.matchAll(/port: (\d+), metricsPort: (\d+)/g))
  if ([port, port + 1000].some((p) => p === Number(taken[1]) || p === Number(taken[2])))
    fail(`port ${port} or its metrics port ${port + 1000} is taken in libs/contracts/src/topology.ts`);
const anchor = "  'ws-gateway': {";
if (!topology.includes(anchor)) fail(`libs/contracts/src/topology.ts has no ${anchor} line to insert before`);
writeFileSync(
  topologyPath,
  topology.replace(anchor, `  ${key}: { port: ${port}, metricsPort: ${port + 1000} },\n${anchor}`),
);

const pascal = name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const schema = name.replace(/-/g, '_');
const feature = name; // the first feature folder is named after the service; add more beside it
const tableRef = name.includes('-') ? `SERVICES['${name}']` : `SERVICES.${name}`;

const vars = [`  PORT: env.port(${tableRef}.port),`, '  INTERNAL_AUTH_SECRET: env.secret(),'];
if (deps.has('keycloak'))
  vars.push(
    "  KEYCLOAK_URL: env.url('http://localhost:8180'),",
    "  KEYCLOAK_REALM: z.string().default('colink'),",
  );
if (deps.has('postgres'))
  vars.push(
    "  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),",
    "  /** The service's own Postgres schema; tests use their own. */",
    `  DATABASE_SCHEMA: z\n    .string()\n    .regex(/^[a-z_][a-z0-9_]*$/)\n    .default('${schema}'),`,
  );
if (deps.has('kafka')) vars.push("  KAFKA_BROKERS: env.list('localhost:9092'),");
if (deps.has('redis')) vars.push("  REDIS_URL: env.url('redis://localhost:6379'),");
if (deps.has('mongo'))
  vars.push(
    "  MONGODB_URL: z.string().startsWith('mongodb').default('mongodb://localhost:27017/colink_files'),",
  );
if (deps.has('s3'))
  vars.push(
    "  S3_ENDPOINT: env.url('http://localhost:9000'),",
    "  S3_BUCKET: z.string().default('colink-files'),",
    "  S3_ACCESS_KEY: z.string().default('colink'),",
    "  S3_SECRET_KEY: z.string().default('colink-secret'),",
  );
if (deps.has('opensearch')) vars.push("  OPENSEARCH_URL: env.url('http://localhost:9200'),");
if (deps.has('clamd'))
  vars.push("  CLAMD_HOST: z.string().default('127.0.0.1'),", '  CLAMD_PORT: env.port(3310),');

// /ready reports Postgres, Kafka and Redis by itself when they are configured; the rest are checks.
const readiness = [];
if (deps.has('mongo')) readiness.push('mongo: checks.mongo(config.MONGODB_URL)');
if (deps.has('s3'))
  readiness.push(
    's3: checks.s3({\n              endpoint: config.S3_ENDPOINT,\n              bucket: config.S3_BUCKET,\n              accessKeyId: config.S3_ACCESS_KEY,\n              secretAccessKey: config.S3_SECRET_KEY,\n            })',
  );
if (deps.has('opensearch'))
  readiness.push('opensearch: checks.http(`${config.OPENSEARCH_URL}/_cluster/health`)');
if (deps.has('clamd')) readiness.push('clamd: checks.clamd(config.CLAMD_HOST, config.CLAMD_PORT)');
if (deps.has('keycloak'))
  readiness.push(
    'keycloak: checks.http(\n              `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}/.well-known/openid-configuration`,\n            )',
  );

const migration = `1733900000000-create-${name}`;
const migrationClass = `Create${pascal}1733900000000`;
const platform = [
  `          service: '${name}',`,
  '          logLevel: config.LOG_LEVEL,',
  "          auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },",
];
if (deps.has('postgres'))
  platform.push(
    `          database: { url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, migrations: MIGRATIONS },`,
  );
if (deps.has('kafka'))
  platform.push(
    '          // The topics this service consumes; each needs one @EventPattern handler (consumers/).',
    '          kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },',
  );
if (deps.has('redis')) platform.push('          redis: { url: config.REDIS_URL },');
if (readiness.length)
  platform.push(
    `          readiness: {\n${readiness.map((r) => `            ${r},`).join('\n')}\n          },`,
  );

const files = {
  'project.json':
    JSON.stringify(
      {
        name,
        $schema: '../../node_modules/nx/schemas/project-schema.json',
        sourceRoot: `apps/${name}/src`,
        projectType: 'application',
        tags: ['scope:server', 'type:app'],
        targets: { lint: {}, typecheck: {}, build: {}, serve: {}, test: {}, 'int-test': {} },
      },
      null,
      2,
    ) + '\n',
  'tsconfig.json':
    JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src/**/*.ts'] }, null, 2) + '\n',
  'jest.config.cjs': `module.exports = require('../../jest.preset.cjs').jestConfig('apps/${name}', 'unit');\n`,
  'jest.int.config.cjs': `module.exports = require('../../jest.preset.cjs').jestConfig('apps/${name}', 'int');\n`,

  'src/config.ts': `import { SERVICES } from '@colink/contracts';
import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const ${pascal}ConfigSchema = BaseConfigSchema.extend({
${vars.join('\n')}
});

export type ${pascal}Config = z.infer<typeof ${pascal}ConfigSchema>;

export function load${pascal}Config(environment: NodeJS.ProcessEnv = process.env): ${pascal}Config {
  return loadConfig(${pascal}ConfigSchema, environment);
}
`,

  'src/main.ts': `import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { load${pascal}Config } from './config';

void bootstrapService(() => {
  const config = load${pascal}Config();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST, config };
});
`,

  'src/app.module.ts': `import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule${readiness.length ? ', checks' : ''} } from '@colink/platform';
import { ${pascal}Config } from './config';
${deps.has('postgres') ? `import { MIGRATIONS } from './migrations';\n` : ''}import { ${pascal}Module } from './${feature}/${feature}.module';

@Module({})
export class AppModule {
  static register(config: ${pascal}Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
${platform.join('\n')}
        }),
        ${pascal}Module,
      ],
    };
  }
}
`,

  [`src/${feature}/${feature}.module.ts`]: `import { Module } from '@nestjs/common';
import { ${pascal}Controller } from './${feature}.controller';
${deps.has('postgres') ? `import { ${pascal}Repository } from './${feature}.repository';\n` : ''}import { ${pascal}Service } from './${feature}.service';

@Module({
  controllers: [${pascal}Controller],
  providers: [${pascal}Service${deps.has('postgres') ? `, ${pascal}Repository` : ''}],
})
export class ${pascal}Module {}
`,

  [`src/${feature}/${feature}.controller.ts`]: `import { UuidParamSchema } from '@colink/contracts';
import { CurrentIdentity, Identity, ZodPipe } from '@colink/platform';
import { Controller, Get, Param } from '@nestjs/common';
import { ${pascal}Service } from './${feature}.service';

/**
 * Thin: the platform's guard has checked the caller, a ZodPipe validates every input, and one
 * service call answers. Declare each route's response with @Returns for the OpenAPI document.
 */
@Controller('api/v1/${name}')
export class ${pascal}Controller {
  constructor(private readonly ${camel}: ${pascal}Service) {}

  @Get(':id')
  byId(
    @CurrentIdentity() identity: Identity,
    @Param('id', new ZodPipe(UuidParamSchema, '${name} id', 'id')) id: string,
  ): Promise<{ id: string }> {
    return this.${camel}.get(identity, id);
  }
}
`,

  [`src/${feature}/${feature}.service.ts`]: `import { Identity } from '@colink/platform';
import { Injectable } from '@nestjs/common';
${deps.has('postgres') ? `import { ${pascal}Repository } from './${feature}.repository';\n` : ''}import { ${pascal}ErrorCode, ${camel}Error } from './${feature}.errors';

/** The feature's rules: what the caller may see and do. Stores only through the repository. */
@Injectable()
export class ${pascal}Service {
${deps.has('postgres') ? `  constructor(private readonly repo: ${pascal}Repository) {}\n` : ''}
  async get(_identity: Identity, ${deps.has('postgres') ? 'id' : '_id'}: string): Promise<{ id: string }> {
${
  deps.has('postgres')
    ? `    const row = await this.repo.findById(id);
    if (!row) throw ${camel}Error(${pascal}ErrorCode.NotFound);
    return { id: row.id };`
    : `    throw ${camel}Error(${pascal}ErrorCode.NotFound);`
}
  }
}
`,

  [`src/${feature}/${feature}.errors.ts`]: `import { ProblemException } from '@colink/platform';

/** Every way the feature refuses a request, each with one problem+json mapping below. */
export enum ${pascal}ErrorCode {
  NotFound = '${name}-not-found',
}

export function ${camel}Error(code: ${pascal}ErrorCode): ProblemException {
  switch (code) {
    case ${pascal}ErrorCode.NotFound:
      return new ProblemException(404, code, 'Nothing here has this id.');
  }
}
`,

  [`src/${feature}/${feature}.errors.spec.ts`]: `import { ${pascal}ErrorCode, ${camel}Error } from './${feature}.errors';

describe('${name} errors', () => {
  it('maps every code to a problem with a status', () => {
    for (const code of Object.values(${pascal}ErrorCode)) {
      const problem = ${camel}Error(code);
      expect(problem.status).toBeGreaterThanOrEqual(400);
      expect(problem.code).toBe(code);
    }
  });
});
`,
};

if (deps.has('postgres')) {
  files[`src/${feature}/${feature}.repository.ts`] = `import { Db, Sql } from '@colink/platform';
import { Injectable } from '@nestjs/common';

export interface ${pascal}Row {
  id: string;
  createdAt: Date;
}

/** The only place that reads or writes the ${schema} schema: plain SQL through the platform's Db. */
@Injectable()
export class ${pascal}Repository {
  private readonly table: string;

  constructor(private readonly db: Db) {
    this.table = \`\${db.schema}.${schema}\`;
  }

  findById(id: string, q: Sql = this.db): Promise<${pascal}Row | null> {
    return q.one<${pascal}Row>(\`SELECT id, created_at AS "createdAt" FROM \${this.table} WHERE id = $1\`, [id]);
  }
}
`;
  files['src/migrations/index.ts'] = `import { ${migrationClass} } from './${migration}';

/** The schema's history, oldest first: the service runs it at start, the SQL snapshot test too. */
export const MIGRATIONS = [${migrationClass}];
`;
  files['src/sql-snapshots.int-spec.ts'] = `import { Db, openDataSource } from '@colink/platform';
import { SqlSnapshot, stackEnv } from '@colink/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { MIGRATIONS } from './migrations';
import { ${pascal}Repository } from './${feature}/${feature}.repository';

describe('the SQL the ${name} repositories issue (${feature}.repository.sql)', () => {
  let snapshot: SqlSnapshot<Db>;

  beforeAll(async () => {
    snapshot = await SqlSnapshot.open('${schema}', async (schema) =>
      new Db(await openDataSource({ url: stackEnv.databaseUrl, schema, migrations: MIGRATIONS })),
    );
  });

  afterAll(() => snapshot?.close());

  it('matches the committed snapshot, every method run against PostgreSQL', async () => {
    const repository = snapshot.track(
      new ${pascal}Repository(snapshot.db),
      join(__dirname, '${feature}/${feature}.repository.ts'),
    );
    expect(await repository.findById(randomUUID())).toBeNull();

    snapshot.verify(__dirname);
  });
});
`;
  files[`src/migrations/${migration}.ts`] = `import { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@colink/platform';

export class ${migrationClass} implements MigrationInterface {
  name = '${migrationClass}';

  async up(queryRunner: QueryRunner): Promise<void> {
    const s = migrationSchema(queryRunner);
    await queryRunner.query(\`
      CREATE TABLE "\${s}"."${schema}" (
        "id" uuid PRIMARY KEY,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )\`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`DROP TABLE "\${migrationSchema(queryRunner)}"."${schema}"\`);
  }
}
`;
}

for (const [file, content] of Object.entries(files)) {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
execFileSync(process.execPath, [join(root, 'tools', 'topology', 'write.mjs')], { stdio: 'inherit' });
// The templates are close to the house format; prettier makes them exact.
const prettier = join(root, 'node_modules', '.bin', 'prettier');
if (existsSync(prettier))
  execFileSync(prettier, ['--write', '--log-level', 'warn', dir, topologyPath], { stdio: 'inherit' });
console.log(`created apps/${name} on port ${port} (metrics ${port + 1000}) with ${[...deps].join(', ') || 'no dependencies'}
next: add it to docker-compose.yml (tools/stack/compose-check.sh names what is missing), the gateway's routes if it is public,
and a first integration test (src/${feature}/${feature}.int-spec.ts) against the real stack.${
  deps.has('postgres')
    ? "\nthen `tools/colink sql-snapshots` writes the repository's SQL snapshot (commit it)."
    : ''
}`);
