module.exports = require('../../jest.preset.cjs').jestConfig('libs/platform', 'int');
