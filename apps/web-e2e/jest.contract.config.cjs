// The API contract run (`nx run web-e2e:contract`, a step of `tools/colink test`): Schemathesis
// against the whole platform, apart from the integration tests.
const base = require('../../jest.preset.cjs').jestConfig('apps/web-e2e', 'int');

module.exports = { ...base, displayName: 'web-e2e:contract', testMatch: ['<rootDir>/**/*.contract-spec.ts'] };
