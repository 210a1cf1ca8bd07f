// Shared Jest setup for every server project: SWC with decorator metadata (Nest injects undefined
// without it), the workspace path aliases, and ESM-only packages transformed for Jest's CJS runtime.
const fs = require('node:fs');
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

// The path aliases live in tsconfig.base.json only; Jest maps the same names to the same files.
const { paths } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
const moduleNameMapper = Object.fromEntries(
  Object.entries(paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);

/** @param {string} projectRoot @param {'unit'|'int'} kind */
function jestConfig(projectRoot, kind) {
  return {
    rootDir: path.join(root, projectRoot),
    displayName: `${path.basename(projectRoot)}:${kind}`,
    testEnvironment: 'node',
    testMatch: kind === 'unit' ? ['<rootDir>/**/*.spec.ts'] : ['<rootDir>/**/*.int-spec.ts'],
    transform: { '^.+\\.(t|j)sx?$': swc },
    transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?(jose|uuid|@apidevtools)[@/+])'],
    moduleNameMapper,
    testTimeout: kind === 'unit' ? 5_000 : 60_000,
    // A client left open by a failing test must not keep CI waiting forever.
    ...(kind === 'int' ? { maxWorkers: 1, forceExit: true } : {}),
  };
}

module.exports = { jestConfig };
