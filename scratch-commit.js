const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('/tmp/commit-test.sqlite');
const run = (sql, p = []) => new Promise((res, rej) => db.run(sql, p, (e) => (e ? rej(e) : res())));
(async () => {
  await run('PRAGMA journal_mode = WAL'); await run('PRAGMA synchronous = FULL');
  await run('CREATE TABLE IF NOT EXISTS u (id INTEGER PRIMARY KEY, n INTEGER)');
  await run('INSERT OR IGNORE INTO u VALUES (1, 0)');
  for (let i = 0; i < 500; i++) await run('UPDATE u SET n = n + 1 WHERE id = 1');
  const N = 3000; const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < N; i++) await run('UPDATE u SET n = n + 1 WHERE id = 1');
  const c = process.cpuUsage(c0); const t = performance.now() - t0;
  console.log('per autocommit UPDATE: cpu ms', ((c.user + c.system) / 1000 / N).toFixed(3), 'sys', (c.system / 1000 / N).toFixed(3), 'wall ms', (t / N).toFixed(3));
})();
