import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createProjectGraphAsync, readCachedProjectGraph } from 'nx/src/devkit-exports.js';
import tseslint from 'typescript-eslint';

// @nx/enforce-module-boundaries reads Nx's cached project graph and, when there is none (a fresh
// clone, a plain `eslint` run), skips itself with only a warning. Build the graph first, so the
// boundary rule always runs.
try {
  readCachedProjectGraph();
} catch {
  await createProjectGraphAsync({ exitOnError: true });
}

// Test code: unit and integration specs, the black-box suite, the test library, and a service's
// own test support (src/testing/, never built into the service).
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  'apps/web-e2e/**',
  'libs/testing/**',
  'apps/*/src/testing/**',
];

/**
 * What a file may not import. The clients behind the platform's guarantees (transactions, the
 * outbox, consumer dedupe, retries, the DLQ) are reached only through libs/platform; a store's own
 * SDK only from libs/platform and the one service that owns that store (docs/architecture.md,
 * "Boundaries"); test helpers only from tests.
 */
function restricted({ testing = false, drivers = [], sdks = [], publicRoutes = false } = {}) {
  const patterns = [
    {
      group: ['../../*/src/*', '../../../libs/*', '../../../apps/*'],
      message: 'Import another project through its @colink alias.',
    },
  ];
  if (!testing)
    patterns.push({
      group: ['@colink/testing', '@colink/testing/*'],
      message: '@colink/testing is for tests only (*.spec.ts, *.int-spec.ts, apps/web-e2e, src/testing/).',
    });
  const platformDrivers = {
    kafka: ['kafkajs', 'kafkajs/*'],
    postgres: ['pg', 'pg/*', 'pg-*'],
    redis: ['redis', 'redis/*', '@redis/*', 'ioredis', 'ioredis/*'],
  };
  for (const [store, group] of Object.entries(platformDrivers))
    if (drivers !== true && !(drivers || []).includes(store))
      patterns.push({ group, message: `The ${store} client is reached through @colink/platform only.` });
  const storeSdks = {
    mongodb: 'mongodb (files only)',
    '@aws-sdk': 'S3 (files and bi-exporter only)',
    '@opensearch-project': 'OpenSearch (search only)',
  };
  for (const [sdk, what] of Object.entries(storeSdks))
    if (!sdks.includes(sdk))
      patterns.push({
        group: [sdk, `${sdk}/*`],
        message: `The SDK of ${what}: a store's client lives in the service that owns the store, or in @colink/platform.`,
      });
  // Every route is behind the platform's global AuthGuard; @Public() opts out, so it is allowed
  // only where a route must answer without a caller (health, metrics, OpenAPI, the gateway's docs).
  const paths = publicRoutes
    ? []
    : [
        {
          name: '@colink/platform',
          importNames: ['Public'],
          message: 'Routes are guarded: @Public() only for health, metrics and API docs (eslint.config.mjs).',
        },
      ];
  return ['error', { paths, patterns }];
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '.stack/**',
      '.nx/**',
      '**/*.cjs',
      'apps/web/vite.config.mts',
      'apps/web/**/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Apps may depend on libs, never on each other; the web app never reaches server code.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': restricted(),
      // Configuration is read once, into the typed config object (apps/<name>/src/config.ts).
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the service config (config.ts).',
        },
      ],
      // House rules: tools/eslint-rules (Nx registers them as @nx/workspace-<name>).
      '@nx/workspace-validated-route-input': 'error',
    },
  },
  {
    files: ['libs/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': restricted({
        drivers: true,
        sdks: ['mongodb', '@aws-sdk', '@opensearch-project'],
        publicRoutes: true,
      }),
    },
  },
  {
    files: ['apps/files/**/*.ts'],
    rules: { 'no-restricted-imports': restricted({ sdks: ['mongodb', '@aws-sdk'] }) },
  },
  {
    files: ['apps/bi-exporter/**/*.ts'],
    rules: { 'no-restricted-imports': restricted({ sdks: ['@aws-sdk'] }) },
  },
  {
    files: ['apps/search/**/*.ts'],
    rules: { 'no-restricted-imports': restricted({ sdks: ['@opensearch-project'] }) },
  },
  {
    files: ['apps/gateway/src/docs/**/*.ts'],
    rules: { 'no-restricted-imports': restricted({ publicRoutes: true }) },
  },
  {
    files: ['**/config.ts', 'libs/platform/src/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-imports': restricted({
        testing: true,
        drivers: true,
        sdks: ['mongodb', '@aws-sdk', '@opensearch-project'],
        publicRoutes: true,
      }),
      'no-restricted-properties': 'off',
    },
  },
  {
    // The repo's scripts (tools/colink's helpers, generators, the build, the house lint rules).
    files: ['**/*.mjs', 'tools/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
);
