module.exports = require('../../jest.preset.cjs').jestConfig('apps/presence', 'unit');
