module.exports = require('../../jest.preset.cjs').jestConfig('apps/gateway', 'unit');
