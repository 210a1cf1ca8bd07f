module.exports = require('../../jest.preset.cjs').jestConfig('apps/users', 'unit');
