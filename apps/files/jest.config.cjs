module.exports = require('../../jest.preset.cjs').jestConfig('apps/files', 'unit');
