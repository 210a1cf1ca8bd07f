// Preloaded by the footprint bench (`node --expose-gc -r tools/bench/gc-on-signal.cjs ...`): a SIGWINCH
// runs a full garbage collection, so heap and RSS are read after one. Nothing in the services changes.
// Not SIGUSR2: Nest's enableShutdownHooks() treats it as a shutdown signal; SIGWINCH is ignored by
// default, so a process started without this preload is unaffected by the bench's signal.
if (typeof globalThis.gc === 'function') process.on('SIGWINCH', () => globalThis.gc());
