// Preloaded by the benches that start services (`node --expose-gc -r tools/bench/gc-on-signal.cjs ...`):
// a SIGWINCH runs a full garbage collection, so heap and RSS are read after one. Nothing in the
// services changes. Not SIGUSR2: Nest's enableShutdownHooks() treats it as a shutdown signal; SIGWINCH
// is ignored by default, so a process started without this preload is unaffected by the bench's signal.
if (typeof globalThis.gc === 'function') process.on('SIGWINCH', () => globalThis.gc());

// COLINK_BENCH_GC_LOG=<file>: every garbage collection's pause is appended to <file>, one line each,
// `<start, ms since the epoch> <pause ms> <kind>` (kind: scavenge, mark-sweep, incremental, weak-cb),
// and once a second the event loop's delay over that second, `<ms since the epoch> <max ms> loop`,
// written once a second, so a bench can set a process's pauses beside its latencies.
const gcLog = process.env.COLINK_BENCH_GC_LOG;
if (gcLog) {
  const { appendFileSync } = require('node:fs');
  const { PerformanceObserver, constants, performance } = require('node:perf_hooks');
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-sweep',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-cb',
  };
  let lines = '';
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      lines += `${(performance.timeOrigin + entry.startTime).toFixed(2)} ${entry.duration.toFixed(3)} ${kinds[entry.detail?.kind] ?? entry.detail?.kind}\n`;
  }).observe({ entryTypes: ['gc'] });
  const { monitorEventLoopDelay } = require('node:perf_hooks');
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const flush = () => {
    lines += `${Date.now()} ${(loop.max / 1e6).toFixed(3)} loop\n`;
    loop.reset();
    appendFileSync(gcLog, lines);
    lines = '';
  };
  setInterval(flush, 1000).unref();
  process.on('exit', flush);
}
