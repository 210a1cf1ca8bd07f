// Preloaded by the footprint bench (`node --expose-gc -r tools/bench/gc-on-signal.cjs ...`): a SIGWINCH
// runs a full garbage collection, so heap and RSS are read after one. Nothing in the services changes.
if (typeof globalThis.gc === 'function') process.on('SIGWINCH', () => globalThis.gc());
