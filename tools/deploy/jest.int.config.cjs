module.exports = require('../../jest.preset.cjs').jestConfig('tools/deploy', 'int');
