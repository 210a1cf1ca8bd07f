module.exports = require('../../jest.preset.cjs').jestConfig('libs/testing', 'int');
