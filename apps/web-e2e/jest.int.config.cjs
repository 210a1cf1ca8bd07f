module.exports = require('../../jest.preset.cjs').jestConfig('apps/web-e2e', 'int');
