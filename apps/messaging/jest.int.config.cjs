// forceExit: after the Kafka outage test, a kafkajs consumer that crashed during the outage can keep a
// restart timer alive past disconnect(), which would hold Jest open although every test has finished.
module.exports = { ...require('../../jest.preset.cjs').jestConfig('apps/messaging', 'int'), forceExit: true };
