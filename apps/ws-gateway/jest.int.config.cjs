module.exports = require('../../jest.preset.cjs').jestConfig('apps/ws-gateway', 'int');
