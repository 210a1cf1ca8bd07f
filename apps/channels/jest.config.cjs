module.exports = require('../../jest.preset.cjs').jestConfig('apps/channels', 'unit');
