// Preloaded into a spawned server (NODE_OPTIONS=--require ...): on SIGUSR2 it prints the npm
// packages the process has loaded so far, one line of JSON, so a test can see what is lazy.
process.on('SIGUSR2', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) packages.add(match[1]);
  }
  process.stdout.write(`loaded-packages: ${JSON.stringify([...packages].sort())}\n`);
});
