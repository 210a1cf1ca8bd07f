module.exports = require('../../jest.preset.cjs').jestConfig('apps/messaging', 'unit');
