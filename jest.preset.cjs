// Shared Jest setup for every server project: SWC with decorator metadata (Nest injects undefined
// without it), the workspace path aliases, and ESM-only packages transformed for Jest's CJS runtime.
const path = require('node:path');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const root = __dirname;

/** @param {string} projectRoot @param {'unit'|'int'} kind */
function jestConfig(projectRoot, kind) {
  return {
    rootDir: path.join(root, projectRoot),
    displayName: `${path.basename(projectRoot)}:${kind}`,
    testEnvironment: 'node',
    testMatch: kind === 'unit' ? ['<rootDir>/**/*.spec.ts'] : ['<rootDir>/**/*.int-spec.ts'],
    transform: { '^.+\\.(t|j)sx?$': swc },
    transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(jose|uuid|@apidevtools)[@/+])'],
    moduleNameMapper: {
      '^@colink/contracts$': path.join(root, 'libs/contracts/src/index.ts'),
      '^@colink/platform$': path.join(root, 'libs/platform/src/index.ts'),
      '^@colink/testing$': path.join(root, 'libs/testing/src/index.ts'),
    },
    testTimeout: kind === 'unit' ? 5_000 : 60_000,
    // A client left open by a failing test must not keep CI waiting forever.
    ...(kind === 'int' ? { maxWorkers: 1, forceExit: true } : {}),
  };
}

module.exports = { jestConfig };
