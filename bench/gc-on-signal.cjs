// Preloaded into the servers under test (node --expose-gc --require bench/gc-on-signal.cjs):
// SIGUSR2 runs a full garbage collection, so the idle-capacity scenario can read the RSS a
// server retains per session rather than how much garbage it happens to carry at that moment.
process.on('SIGUSR2', () => {
  global.gc();
  setTimeout(() => global.gc(), 200);
});
