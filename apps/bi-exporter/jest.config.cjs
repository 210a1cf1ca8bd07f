module.exports = require('../../jest.preset.cjs').jestConfig('apps/bi-exporter', 'unit');
