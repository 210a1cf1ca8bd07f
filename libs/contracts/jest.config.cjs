module.exports = require('../../jest.preset.cjs').jestConfig('libs/contracts', 'unit');
