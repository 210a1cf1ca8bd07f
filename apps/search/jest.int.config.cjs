module.exports = require('../../jest.preset.cjs').jestConfig('apps/search', 'int');
