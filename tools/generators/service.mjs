#!/usr/bin/env node
// Generates a NestJS service skeleton so every service starts with the same names and files:
//   node tools/generators/service.mjs <name> <port> [postgres,kafka,redis,mongo,s3,opensearch,clamd,keycloak]
// It refuses to overwrite an existing service.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [name, portArg, depsArg = ''] = process.argv.slice(2);
if (!name || !/^[a-z][a-z-]*$/.test(name) || !/^\d+$/.test(portArg ?? '')) {
  console.error('usage: service.mjs <name> <port> [deps,...]');
  process.exit(2);
}
const deps = new Set(depsArg.split(',').filter(Boolean));
const known = ['postgres', 'kafka', 'redis', 'mongo', 's3', 'opensearch', 'clamd', 'keycloak'];
for (const dep of deps) {
  if (!known.includes(dep)) {
    console.error(`unknown dependency ${dep}`);
    process.exit(2);
  }
}
const dir = join(root, 'apps', name);
if (existsSync(dir)) {
  console.error(`apps/${name} exists`);
  process.exit(1);
}

const pascal = name.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
const schema = name.replace(/-/g, '_');
const gateway = name === 'gateway';

const vars = [`  PORT: env.port(${portArg}),`];
if (gateway || deps.has('keycloak'))
  vars.push(
    "  KEYCLOAK_URL: env.url('http://localhost:8180'),",
    "  KEYCLOAK_REALM: z.string().default('colink'),",
    "  TOKEN_AUDIENCE: z.string().default('colink-api'),",
  );
if (!gateway) vars.push('  INTERNAL_AUTH_SECRET: env.secret(),');
if (deps.has('postgres'))
  vars.push("  DATABASE_URL: env.url('postgres://colink:colink@localhost:5432/colink'),");
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

const readiness = [];
if (deps.has('redis')) readiness.push('redis: checks.redis(config.REDIS_URL)');
if (deps.has('mongo')) readiness.push('mongo: checks.mongo(config.MONGODB_URL)');
if (deps.has('s3'))
  readiness.push(
    's3: checks.s3({ endpoint: config.S3_ENDPOINT, bucket: config.S3_BUCKET, accessKeyId: config.S3_ACCESS_KEY, secretAccessKey: config.S3_SECRET_KEY })',
  );
if (deps.has('opensearch'))
  readiness.push('opensearch: checks.http(`${config.OPENSEARCH_URL}/_cluster/health`)');
if (deps.has('clamd')) readiness.push('clamd: checks.clamd(config.CLAMD_HOST, config.CLAMD_PORT)');
if (gateway || deps.has('keycloak'))
  readiness.push(
    'keycloak: checks.http(`${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}/.well-known/openid-configuration`)',
  );

const platform = [`      service: '${name}',`, '      logLevel: config.LOG_LEVEL,'];
platform.push(
  gateway
    ? "      auth: { mode: 'jwt', issuer: `${config.KEYCLOAK_URL}/realms/${config.KEYCLOAK_REALM}`, audience: config.TOKEN_AUDIENCE },"
    : "      auth: { mode: 'internal', secret: config.INTERNAL_AUTH_SECRET },",
);
if (deps.has('postgres'))
  platform.push(
    `      database: { url: config.DATABASE_URL, schema: '${schema}', entities: [], migrations: [] },`,
  );
if (deps.has('kafka')) platform.push('      kafka: { brokers: config.KAFKA_BROKERS, consumes: [] },');
if (readiness.length)
  platform.push(`      readiness: {\n${readiness.map((r) => `        ${r},`).join('\n')}\n      },`);

const usesChecks = readiness.length > 0;
const files = {
  'project.json':
    JSON.stringify(
      {
        name,
        $schema: '../../node_modules/nx/schemas/project-schema.json',
        sourceRoot: `apps/${name}/src`,
        projectType: 'application',
        tags: ['scope:server', 'type:app'],
        // add test / int-test targets with the service's first spec files
        targets: { lint: {}, typecheck: {}, build: {}, serve: {} },
      },
      null,
      2,
    ) + '\n',
  'tsconfig.json':
    JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src/**/*.ts'] }, null, 2) + '\n',
  'jest.config.cjs': `module.exports = require('../../jest.preset.cjs').jestConfig('apps/${name}', 'unit');\n`,
  'jest.int.config.cjs': `module.exports = require('../../jest.preset.cjs').jestConfig('apps/${name}', 'int');\n`,
  'src/config.ts': `import { BaseConfigSchema, env, loadConfig } from '@colink/platform';
import { z } from 'zod';

export const ${pascal}ConfigSchema = BaseConfigSchema.extend({
${vars.join('\n')}
});

export type ${pascal}Config = z.infer<typeof ${pascal}ConfigSchema>;

export function load${pascal}Config(environment: NodeJS.ProcessEnv = process.env): ${pascal}Config {
  return loadConfig(${pascal}ConfigSchema, environment);
}
`,
  'src/app.module.ts': `import { DynamicModule, Module } from '@nestjs/common';
import { PlatformModule${usesChecks ? ', checks' : ''} } from '@colink/platform';
import { ${pascal}Config } from './config';

@Module({})
export class AppModule {
  static register(config: ${pascal}Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService({
${platform.join('\n')}
        }),
      ],
    };
  }
}
`,
  'src/main.ts': `import 'reflect-metadata';
import { bootstrapService } from '@colink/platform';
import { AppModule } from './app.module';
import { load${pascal}Config } from './config';

void bootstrapService(() => {
  const config = load${pascal}Config();
  return { module: AppModule.register(config), port: config.PORT, host: config.HOST };
});
`,
};
for (const [file, content] of Object.entries(files)) {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
console.log(`created apps/${name} on port ${portArg} with ${[...deps].join(', ') || 'no dependencies'}`);
