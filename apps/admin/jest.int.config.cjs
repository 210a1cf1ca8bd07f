module.exports = require('../../jest.preset.cjs').jestConfig('apps/admin', 'int');
