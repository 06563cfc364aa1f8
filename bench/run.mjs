// `npm run bench`: every scenario against Parley and the raw node:net baseline, in one run.
//
//   node bench/run.mjs [--quick] [--only rest,idle,login,pm,broadcast,offline,acks,irc] [--repeat N]
//                      [--json FILE] [--no-doc] [--cpu-prof DIR] [--postgres]
//   node bench/run.mjs --cluster [--quick] [--json FILE] [--cpu-prof DIR]
//
// Parley is the built server (dist/main.js) on a fresh copy of a prepared SQLite database, or
// with --postgres on a fresh copy (CREATE DATABASE ... TEMPLATE) of a prepared PostgreSQL one
// on 127.0.0.1:5432 (user postgres); the documentation is then left as it is (figures by hand).
// Servers run on one core and the load generator on another (taskset), so the server's
// CPU time per message, read from /proc, is not disturbed by the generator.
// --cluster runs only bench/cluster-bench.mjs: a two-node cluster beside a single server.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ircTargets, renderIrc, runIrc } from './irc-bench.mjs';
import { clusterTargets, renderCluster, runCluster } from './cluster-bench.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PASSWORD = 'bench-pw';
/** argon2id cost for every scenario but the login rate: logging in 10k sessions must not take minutes. */
const CHEAP_ARGON2 = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
/** The shipped default (config/default.yaml), used for the login rate. */
const DEFAULT_ARGON2 = { memoryCost: 19456, timeCost: 2, parallelism: 1 };
const SCENARIOS = ['rest', 'idle', 'login', 'pm', 'broadcast', 'offline', 'acks', 'irc'];
const OVERALL_LIMIT_MS = 15 * 60_000;
/** --postgres: the prepared databases by fixture dir, and every database this run created. */
const pgTemplates = new Map();
const pgDatabases = new Set();

const options = parseArgs(process.argv.slice(2));
const quick = options.quick;
const pinned = canPin();
const SERVER_CORE = '0';
const GENERATOR_CORE = '1';

const plan = {
  idle: { checkpoints: quick ? [1000, 2000] : [1000, 5000, 10000], storm: 250, settleMs: 3000 },
  login: { users: quick ? 300 : 1000, concurrency: 16 },
  pm: { pairs: 50, window: 4, warmupMs: 1000, durationMs: quick ? 2500 : 5000 },
  broadcast: { receivers: quick ? [500] : [500, 1000], intervalMs: 20, burst: 10, warmupMs: 1000, durationMs: quick ? 2500 : 4000 },
  offline: { senders: 100, messages: 10000 },
  irc: { receivers: 500, pairs: 50, pmRate: quick ? 5000 : 10000, intervalMs: 20, warmupMs: 1000, sliceMs: quick ? 1000 : 2000, slices: quick ? 4 : 10 },
  acks: { recipients: 10, perRecipient: 200, windows: [10, 100], warmup: 10000 },
  rest: { settleMs: 2000 },
};

setTimeout(() => {
  console.error(`bench: gave up after ${OVERALL_LIMIT_MS / 60000} minutes`);
  stopAll();
  process.exit(2);
}, OVERALL_LIMIT_MS).unref();

const live = new Set();
function stopAll() {
  for (const child of live) child.kill('SIGKILL');
}
process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});

main().catch((error) => {
  console.error(`bench: ${error.stack}`);
  stopAll();
  process.exit(1);
});

async function main() {
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run npm run build');
  if (options.cluster) return mainCluster();
  const started = new Date();
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const selected = options.only ?? SCENARIOS;
  log(`bench: ${quick ? 'quick' : 'full'} run of ${selected.join(', ')}; ${pinned ? `servers on core ${SERVER_CORE}, generator on core ${GENERATOR_CORE}` : 'not pinned (taskset or a 2nd core missing)'}`);
  const results = { date: started.toISOString(), quick, pinned, machine: machine(), plan, scenarios: {} };
  const allRuns = {};
  try {
    const fixtures = await prepare(work, selected);
    for (const name of selected) {
      const runs = [];
      for (let i = 0; i < options.repeat; i++) runs.push(await runners[name](fixtures, work));
      allRuns[name] = runs;
      results.scenarios[name] = median(runs);
      if (options.repeat > 1) results.runs = { ...results.runs, [name]: runs };
      results.scenarios[name].repeats = options.repeat;
      log(renderScenario(name, results.scenarios[name]));
    }
  } finally {
    stopAll();
    rmSync(work, { recursive: true, force: true });
    for (const name of pgDatabases) dropPgDatabase(name);
  }
  results.seconds = Math.round((Date.now() - started.getTime()) / 1000);
  results.targets = withSpread(targets(results.scenarios), allRuns);
  log(renderTargets(results.targets));
  if (options.json) writeFileSync(options.json, JSON.stringify(results, null, 2) + '\n');
  if (options.doc) writeDoc(results);
  log(`bench: done in ${results.seconds} s`);
}

/** --cluster: a two-node cluster beside a single server on PostgreSQL (bench/cluster-bench.mjs). */
async function mainCluster() {
  const started = Date.now();
  log(`bench: cluster comparison${quick ? ' (quick)' : ''}; ${pinned ? `servers and Redis on core ${SERVER_CORE}, generator on core ${GENERATOR_CORE}` : 'not pinned (taskset or a 2nd core missing)'}`);
  const ctx = {
    root: ROOT, quick, log, pin, startProcess, stopProcess, serverEnv, profileFlags, password: PASSWORD, argon2: CHEAP_ARGON2,
    serverCore: SERVER_CORE, generatorCore: GENERATOR_CORE,
    track: (child) => {
      live.add(child);
      child.on('exit', () => live.delete(child));
    },
  };
  try {
    const result = await runCluster(ctx);
    const targets = clusterTargets(result);
    log(renderCluster(result, targets));
    if (options.json) writeFileSync(options.json, JSON.stringify({ date: new Date(started).toISOString(), pinned, machine: machine(), ...result, targets }, null, 2) + '\n');
  } finally {
    stopAll();
  }
  log(`bench: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

// ---------------------------------------------------------------------------------------
// Fixtures: the users, as a baseline users file and as prepared Parley databases.

async function prepare(work, selected) {
  const needCheap = selected.some((name) => name !== 'login');
  const maxUsers = Math.max(...plan.idle.checkpoints, ...plan.broadcast.receivers.map((n) => n + 1), plan.pm.pairs * 2, plan.offline.senders);
  const recipients = Array.from({ length: plan.acks.recipients }, (_, i) => `r${i}`);
  const cheapNames = [...Array.from({ length: maxUsers }, (_, i) => `u${i}`), 'inbox', ...recipients];
  const loginNames = Array.from({ length: plan.login.users }, (_, i) => `l${i}`);
  const usersFile = join(work, 'users.txt');
  writeFileSync(usersFile, [...cheapNames, ...loginNames].map((name) => `${name} ${PASSWORD}`).join('\n') + '\n');
  const fixtures = { usersFile };
  if (needCheap) fixtures.cheapDb = await makeDatabase(join(work, 'cheap'), cheapNames, CHEAP_ARGON2);
  if (selected.includes('login')) fixtures.loginDb = await makeDatabase(join(work, 'login'), loginNames, DEFAULT_ARGON2);
  return fixtures;
}

/** A migrated Parley database holding `names`, each with its own argon2id hash of PASSWORD. */
async function makeDatabase(dir, names, cost) {
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const { hash } = require('@node-rs/argon2');
  const { createToolsApp } = require(join(ROOT, 'dist', 'app.js'));
  const { loadConfig } = require(join(ROOT, 'dist', 'config', 'load-config.js'));
  const { DataSource } = require('typeorm');
  const database = options.postgres ? createPgDatabase(`parley_bench_${process.pid}_${names.length}`) : '';
  const config = loadConfig({ env: {}, overrides: { 'data.dir': dir, 'database.url': database && pgUrl(database) } });
  const app = await createToolsApp(config, { logger: false });
  const hashes = [];
  for (let i = 0; i < names.length; i += 64) {
    hashes.push(...(await Promise.all(names.slice(i, i + 64).map(() => hash(PASSWORD, cost)))));
  }
  const dataSource = app.get(DataSource);
  // The tools app runs nothing else: one transaction for the whole import is safe here.
  await dataSource.transaction(async (manager) => {
    for (let i = 0; i < names.length; i += 500) {
      const rows = names.slice(i, i + 500);
      const p = (k) => (database ? `$${k}` : '?');
      await manager.query(
        `INSERT INTO users (username, username_key, password_hash) VALUES ${rows.map((_, j) => `(${p(3 * j + 1)}, ${p(3 * j + 2)}, ${p(3 * j + 3)})`).join(', ')}`,
        rows.flatMap((name, j) => [name, name.toLowerCase(), hashes[i + j]]),
      );
    }
  });
  await app.close();
  log(`bench: ${names.length} users (argon2id m=${cost.memoryCost} KiB, t=${cost.timeCost}) in ${Math.round(performance.now() - started)} ms`);
  if (database) pgTemplates.set(dir, database);
  return dir;
}

function pgUrl(name) {
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}

function psql(sql) {
  return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
}

function createPgDatabase(name, template) {
  psql(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  pgDatabases.add(name);
  return name;
}

function dropPgDatabase(name) {
  psql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  pgDatabases.delete(name);
}

// ---------------------------------------------------------------------------------------
// Servers and the generator.

function pin(core, command, args) {
  return pinned && core !== null ? ['taskset', ['-c', core, command, ...args]] : [command, args];
}

/** Both servers run with the same hook: SIGUSR2 collects garbage (see gc-on-signal.cjs). */
const GC_HOOK = ['--expose-gc', '--require', './bench/gc-on-signal.cjs'];

function startProcess(core, args, env, ready) {
  const [command, argv] = pin(core, process.execPath, [...GC_HOOK, ...args]);
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.on('exit', () => live.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (text) => {
      if (output.length < 20_000) output += text;
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve({ pid: child.pid, port: Number(match[1]), child, stop: () => stopProcess(child) });
      }
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.stderr.on('data', (text) => {
      if (output.length < 20_000) output += text;
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
}

function stopProcess(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The environment of a benchmarked server: its data dir and database, the load's limits lifted. */
function serverEnv(dataDir, databaseUrl, argon2 = CHEAP_ARGON2) {
  return {
    PARLEY_DATABASE_URL: databaseUrl,
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PARLEY_DATA_DIR: dataDir,
    PARLEY_ADMIN_PASSWORD: 'bench-admin-pw',
    PARLEY_ARGON2_MEMORY_KIB: String(argon2.memoryCost),
    PARLEY_ARGON2_TIME_COST: String(argon2.timeCost),
    PARLEY_STORED_MESSAGES_QUOTA: '1000000',
    PARLEY_HTTP_PORT: '0',
    PARLEY_IRC_PORT: '0',
    // The load comes from one address at machine speed: lift the abuse limits meant for strangers.
    PARLEY_LINE_MAX_CONNECTIONS: '100000',
    PARLEY_LINE_MAX_CONNECTIONS_PER_ADDRESS: '100000',
    PARLEY_LINE_COMMANDS_PER_SECOND: '1000000',
    PARLEY_LINE_COMMAND_BURST: '1000000',
    PARLEY_LOGIN_THROTTLE_MAX_FAILURES: '1000000',
    // Passed through when the bench is given them, to measure their effect (docs/PERFORMANCE.md).
    ...passThrough('UV_THREADPOOL_SIZE', 'MALLOC_ARENA_MAX'),
  };
}

function passThrough(...names) {
  return Object.fromEntries(names.filter((name) => process.env[name]).map((name) => [name, process.env[name]]));
}

let profileCount = 0;
/** --cpu-prof DIR: one V8 profile per started server, sampled every 100 µs. */
function profileFlags() {
  if (!options.cpuProf) return [];
  return ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${options.cpuProf}`, `--cpu-prof-name=parley-${++profileCount}.cpuprofile`];
}
let pgCopies = 0;
async function startParley(database, { argon2 = CHEAP_ARGON2, core = SERVER_CORE, ready = /line protocol listening on 127\.0\.0\.1:(\d+)/, httpPort = 0 } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-data-'));
  const template = pgTemplates.get(database);
  const pgName = template && createPgDatabase(`${template}_${++pgCopies}`, template);
  if (!pgName) copyFileSync(join(database, 'parley.sqlite'), join(dataDir, 'parley.sqlite'));
  const env = { ...serverEnv(dataDir, pgName ? pgUrl(pgName) : '', argon2), PARLEY_HTTP_PORT: String(httpPort) };
  const server = await startProcess(core, [...profileFlags(), 'dist/main.js', 'server', '127.0.0.1', '0'], env, ready);
  const stop = server.stop;
  server.database = pgName;
  server.stop = async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (pgName) dropPgDatabase(pgName);
  };
  return server;
}

function startBaseline(fixtures, mode = 'coalesce', core = SERVER_CORE, extraArgs = []) {
  return startProcess(core, ['bench/baseline-server.mjs', fixtures.usersFile, mode, ...extraArgs], { PATH: process.env.PATH }, /listening on (\d+)/);
}

function runLoad(server, scenario, params) {
  return runGenerator('bench/load.mjs', { scenario, port: server.port, serverPid: server.pid, database: server.database, password: PASSWORD, ...params });
}

/** Runs a load generator script on the generator core with `payload`; resolves with the JSON it prints last. */
function runGenerator(script, payload) {
  const [command, argv] = pin(GENERATOR_CORE, process.execPath, [script, JSON.stringify(payload)]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    live.add(child);
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => (output += text));
    child.on('exit', (code) => {
      live.delete(child);
      if (code !== 0) return reject(new Error(`load generator (${script}) exited with ${code}`));
      resolve(JSON.parse(output.trim().split('\n').pop()));
    });
  });
}

/** Starts a server, runs one scenario against it, stops it. */
async function against(start, scenario, params) {
  const server = await start();
  try {
    return await runLoad(server, scenario, params);
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------
// Scenarios.

const runners = {
  async idle(fixtures) {
    const params = plan.idle;
    log('bench: idle capacity ...');
    return {
      parley: await against(() => startParley(fixtures.cheapDb), 'idle', params),
      baseline: await against(() => startBaseline(fixtures), 'idle', params),
    };
  },

  async login(fixtures) {
    log('bench: login rate ...');
    const { hashMs, parallelHashesPerSecond, poolHashesPerSecond } = timeHashing();
    const cores = availableParallelism();
    const params = plan.login;
    // The server may use every core here: the login rate is bounded by the cores that hash.
    const parley = await against(() => startParley(fixtures.loginDb, { argon2: DEFAULT_ARGON2, core: null }), 'login', params);
    // The ceiling: the raw server checking every password with the same argon2id verification.
    const cost = `${DEFAULT_ARGON2.memoryCost},${DEFAULT_ARGON2.timeCost}`;
    const hashingBaseline = await against(() => startBaseline(fixtures, 'coalesce', null, ['--hash', cost]), 'login', params);
    const baseline = await against(() => startBaseline(fixtures, 'coalesce', null), 'login', params);
    const hashBound = (cores * 1000) / hashMs;
    return { argon2: DEFAULT_ARGON2, hashMs, cores, hashBoundPerSecond: round(hashBound, 1), parallelHashesPerSecond, poolHashesPerSecond, parley, hashingBaseline, baseline };
  },

  async pm(fixtures) {
    log('bench: private messages ...');
    const base = plan.pm;
    const parley = await against(() => startParley(fixtures.cheapDb), 'pm', { ...base, saturate: true, rate: 1000 });
    const baseline = await against(() => startBaseline(fixtures), 'pm', { ...base, saturate: true, rate: 1000 });
    // The same offered load for both: half of what Parley sustained closed-loop.
    const rate = Math.max(1000, Math.round(parley.saturated.perSecond / 2 / 100) * 100);
    const parleyPaced = await against(() => startParley(fixtures.cheapDb), 'pm', { ...base, saturate: false, rate });
    const baselinePaced = await against(() => startBaseline(fixtures), 'pm', { ...base, saturate: false, rate });
    return {
      offeredPerSecond: rate,
      parley: { saturated: parley.saturated, paced: parleyPaced.paced },
      baseline: { saturated: baseline.saturated, paced: baselinePaced.paced },
    };
  },

  async broadcast(fixtures) {
    const result = {};
    for (const receivers of plan.broadcast.receivers) {
      log(`bench: broadcast to ${receivers} ...`);
      const params = { ...plan.broadcast, receivers };
      result[receivers] = {
        parley: await against(() => startParley(fixtures.cheapDb), 'broadcast', params),
        baseline: await against(() => startBaseline(fixtures, 'coalesce'), 'broadcast', params),
        baselinePerLine: await against(() => startBaseline(fixtures, 'per-line'), 'broadcast', params),
      };
    }
    return result;
  },

  irc(fixtures, work) {
    const ctx = {
      plan,
      log,
      password: PASSWORD,
      serverCore: SERVER_CORE,
      pin,
      startParley,
      startProcess,
      stopProcess,
      adminRequest: options.adminRequest,
      track: (child) => {
        live.add(child);
        child.on('exit', () => live.delete(child));
      },
      runLoad: (servers, params) => {
        const targets = servers.map(({ name, port, pid, pass, collect }) => ({ name, port, pid, pass, collect }));
        return runGenerator('bench/irc-load.mjs', { ...params, servers: targets });
      },
    };
    return runIrc(ctx, fixtures, work);
  },

  async rest(fixtures) {
    log('bench: memory at rest ...');
    return {
      parley: await against(() => startParley(fixtures.cheapDb), 'rest', plan.rest),
      baseline: await against(() => startBaseline(fixtures), 'rest', plan.rest),
    };
  },

  async acks(fixtures) {
    const result = {};
    for (const window of plan.acks.windows) {
      log(`bench: durable acknowledgements, ${window} in flight ...`);
      const params = { ...plan.acks, window };
      result[window] = {
        parley: await against(() => startParley(fixtures.cheapDb), 'acks', params),
        baseline: await against(() => startBaseline(fixtures), 'acks', params),
      };
    }
    return result;
  },

  async offline(fixtures) {
    log('bench: offline storage and backlog ...');
    const params = plan.offline;
    return {
      parley: await against(() => startParley(fixtures.cheapDb), 'offline', params),
      baseline: await against(() => startBaseline(fixtures), 'offline', params),
    };
  },
};

/**
 * What hashing alone achieves: the median time of one argon2id verification at the default
 * cost on the server's core, and verifications per second with every core verifying at once
 * (measured now, so it sees the same machine load as the logins).
 */
function timeHashing() {
  const script = `
    const { hash, verify } = require('@node-rs/argon2');
    const { availableParallelism } = require('node:os');
    (async () => {
      const h = await hash('${PASSWORD}', ${JSON.stringify(DEFAULT_ARGON2)});
      if (process.argv[1] === 'one') {
        const times = [];
        for (let i = 0; i < 15; i++) { const t = performance.now(); await verify(h, '${PASSWORD}'); times.push(performance.now() - t); }
        times.sort((a, b) => a - b);
        console.log(times[7]);
      } else {
        let done = 0;
        const until = performance.now() + 3000;
        const loop = async () => { while (performance.now() < until) { await verify(h, '${PASSWORD}'); done++; } };
        await Promise.all(Array.from({ length: Number(process.argv[2]) }, loop));
        console.log(done / 3);
      }
    })();`;
  const run = (core, mode, threads = 1) => {
    const [command, argv] = pin(core, process.execPath, ['-e', script, mode, String(threads)]);
    return Number(execFileSync(command, argv, { cwd: ROOT, encoding: 'utf8' }).trim());
  };
  return {
    hashMs: round(run(SERVER_CORE, 'one'), 2),
    parallelHashesPerSecond: round(run(null, 'all', availableParallelism()), 1),
    // As many hashing threads as the server has in libuv's pool (4 by default): on a shared
    // machine a process's share of the cores grows with its runnable threads.
    poolHashesPerSecond: round(run(null, 'all', 4), 1),
  };
}

// ---------------------------------------------------------------------------------------
// Reporting.

const ratio = (a, b) => (typeof a !== "number" || typeof b !== "number" || b === 0 ? null : round(a / b, 2));
/** A table row: a figure for two servers and their ratio. */
const cmp = (label, a, b) => [label, a ?? '-', b ?? '-', ratio(a, b) ?? '-'];

function targets(s) {
  const rows = [];
  if (s.pm) {
    rows.push(row('Server CPU per private message (same offered load)', s.pm.parley.paced.serverCpuMicrosPerItem, s.pm.baseline.paced.serverCpuMicrosPerItem, '≤ 1.5×', (r) => r <= 1.5, 'µs'));
    rows.push(row('p99 latency, private messages (same offered load)', s.pm.parley.paced.latency.p99Ms, s.pm.baseline.paced.latency.p99Ms, '≤ 2×', (r) => r <= 2, 'ms'));
  }
  if (s.broadcast) {
    for (const [n, b] of Object.entries(s.broadcast)) {
      if (typeof b !== 'object' || !b.parley) continue;
      for (const mode of ['paced', 'burst']) {
        rows.push(row(`Server CPU per broadcast delivery, ${n} receivers, ${mode}`, b.parley[mode].serverCpuMicrosPerItem, b.baseline[mode].serverCpuMicrosPerItem, '≤ 1.5×', (r) => r <= 1.5, 'µs'));
      }
      rows.push(row(`p99 latency, broadcast to ${n}, paced (same offered load)`, b.parley.paced.latency.p99Ms, b.baseline.paced.latency.p99Ms, '≤ 2×', (r) => r <= 2, 'ms'));
    }
  }
  if (s.idle) {
    const last = (x) => x.points[x.points.length - 1];
    const p = last(s.idle.parley);
    rows.push(row(`RSS per idle logged-in session (${p.sessions} sessions)`, p.rssPerSessionKib, last(s.idle.baseline).rssPerSessionKib, '≤ 1.5×', (r) => r <= 1.5, 'KiB'));
  }
  if (s.offline) {
    const rate = s.offline.parley.storage.perSecond;
    rows.push({ target: 'Offline messages acknowledged durably', parley: `${rate}/s`, baseline: `${s.offline.baseline.storage.perSecond}/s (memory)`, ratio: ratio(rate, s.offline.baseline.storage.perSecond), goal: '≥ 5000/s', met: rate >= 5000 });
    const seconds = s.offline.parley.backlog.seconds;
    rows.push({ target: `Backlog of ${s.offline.parley.backlog.messages} delivered at login`, parley: `${seconds} s`, baseline: `${s.offline.baseline.backlog.seconds} s`, ratio: ratio(seconds, s.offline.baseline.backlog.seconds), goal: '< 2 s', met: seconds < 2 });
  }
  if (s.irc) rows.push(...ircTargets(s.irc, row));
  if (s.acks) {
    const at = (w) => s.acks[w] && typeof s.acks[w] === 'object' ? s.acks[w] : undefined;
    const w10 = at(10);
    if (w10) {
      const cpu = w10.parley.serverCpuMicrosPerItem;
      rows.push({ target: 'Server CPU per durable ack, 1 sender, 10 in flight', parley: `${cpu} µs`, baseline: `${w10.baseline.serverCpuMicrosPerItem} µs (memory)`, ratio: ratio(cpu, w10.baseline.serverCpuMicrosPerItem), goal: '≤ 150 µs', met: cpu <= 150 });
    }
    const w100 = at(100);
    if (w100) {
      const rate = w100.parley.perSecond;
      rows.push({ target: 'Durable acks/s, 1 sender, 100 in flight', parley: `${rate}/s`, baseline: `${w100.baseline.perSecond}/s (memory)`, ratio: ratio(rate, w100.baseline.perSecond), goal: '≥ 5000/s', met: rate >= 5000 });
    }
  }
  if (s.rest) {
    const rss = s.rest.parley.rssMib;
    rows.push({ target: 'RSS at rest, before the first connection', parley: `${rss} MiB`, baseline: `${s.rest.baseline.rssMib} MiB`, ratio: ratio(rss, s.rest.baseline.rssMib), goal: '≤ 100 MiB', met: rss <= 100 });
  }
  if (s.login) {
    const rate = s.login.parley.loginsPerSecond;
    const share = round(rate / s.login.hashBoundPerSecond, 2);
    rows.push({ target: `Login rate vs cores ÷ hash time (${s.login.cores} ÷ ${s.login.hashMs} ms = ${s.login.hashBoundPerSecond}/s)`, parley: `${rate}/s`, baseline: `${s.login.baseline.loginsPerSecond}/s (no hashing)`, ratio: share, goal: '≥ 0.9 of the bound', met: share >= 0.9 });
    const measured = round(rate / s.login.parallelHashesPerSecond, 2);
    rows.push({ target: `Login rate vs hashing alone on all cores, measured (${s.login.parallelHashesPerSecond}/s)`, parley: `${rate}/s`, baseline: '-', ratio: measured, goal: '(≥ 0.9, informative)', met: measured >= 0.9 });
    if (typeof s.login.poolHashesPerSecond === 'number') {
      const pool = round(rate / s.login.poolHashesPerSecond, 2);
      rows.push({ target: `Login rate vs hashing alone on 4 threads, as many as libuv's pool (${s.login.poolHashesPerSecond}/s)`, parley: `${rate}/s`, baseline: '-', ratio: pool, goal: '(≥ 0.9, informative)', met: pool >= 0.9 });
    }
    if (s.login.hashingBaseline) rows.push(...hashingCeilingRows(s.login, rate));
  }
  return rows;
}

/** Parley beside the raw server doing the same argon2id verification per login. */
function hashingBaselineTable(s) {
  const b = s.hashingBaseline;
  const cpuMs = (r) => round(r.serverCpuMicrosPerItem / 1000, 2);
  return (
    `\n\nThe same logins against the raw server started with \`--hash\` (it verifies every password with the same argon2id cost on libuv's pool, and does nothing else a login needs):\n\n` +
    table(['figure', 'Parley', 'raw server with the hash', 'ratio'], [
      cmp('logins/s', s.parley.loginsPerSecond, b.loginsPerSecond),
      cmp('login p50 (ms)', s.parley.latency.p50Ms, b.latency.p50Ms),
      cmp('server CPU share (cores)', s.parley.serverCpuShare, b.serverCpuShare),
      cmp('server CPU per login and logout (ms)', cpuMs(s.parley), cpuMs(b)),
      cmp('load generator CPU share (cores)', s.parley.generatorCpuShare, b.generatorCpuShare),
    ])
  );
}

/** The raw server that only hashes: its own share of hashing alone, and Parley's share of it. */
function hashingCeilingRows(login, rate) {
  const ceiling = login.hashingBaseline.loginsPerSecond;
  const ofHashing = round(ceiling / login.parallelHashesPerSecond, 2);
  const ofCeiling = ratio(rate, ceiling);
  return [
    { target: `The ceiling: raw node:net server verifying the same hash, vs hashing alone (${login.parallelHashesPerSecond}/s)`, parley: '-', baseline: `${ceiling}/s`, ratio: ofHashing, goal: '(informative)', met: ofHashing >= 0.9 },
    { target: 'Login rate vs that raw server verifying the same hash', parley: `${rate}/s`, baseline: `${ceiling}/s`, ratio: ofCeiling, goal: '(informative)', met: ofCeiling >= 0.9 },
  ];
}

/** Adds each target's range over the repeats (min–max of the Parley figure and of the ratio). */
function withSpread(rows, allRuns) {
  if (options.repeat < 2) return rows;
  const perRun = Array.from({ length: options.repeat }, (_, i) =>
    targets(Object.fromEntries(Object.entries(allRuns).map(([name, runs]) => [name, runs[i]]))),
  );
  const range = (values) => {
    const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
    return numbers.length ? `${Math.min(...numbers)}–${Math.max(...numbers)}` : '-';
  };
  return rows.map((r, i) => ({
    ...r,
    spread: range(perRun.map((run) => parseFloat(run[i]?.parley))),
    ratioSpread: range(perRun.map((run) => run[i]?.ratio)),
  }));
}

function row(target, parley, baseline, goal, check, unit) {
  const r = ratio(parley, baseline);
  return { target, parley: `${parley} ${unit}`, baseline: `${baseline} ${unit}`, ratio: r, goal, met: r !== null && check(r) };
}

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function renderTargets(rows) {
  const spread = rows.some((r) => r.spread);
  const header = ['target', 'Parley', 'baseline', 'ratio', ...(spread ? ['Parley range', 'ratio range'] : []), 'goal', 'met'];
  return (
    `\n### Targets (Parley ÷ baseline, same run${spread ? `; medians of ${options.repeat} repeats, with their ranges` : ''})\n\n` +
    table(header, rows.map((r) => [r.target, r.parley, r.baseline, r.ratio ?? '-', ...(spread ? [r.spread, r.ratioSpread] : []), r.goal, r.met ? 'yes' : '**no**']))
  );
}

function renderScenario(name, s) {
  const head = ['figure', 'Parley', 'baseline', 'ratio'];
  switch (name) {
    case 'idle': {
      const rows = [];
      s.parley.points.forEach((p, i) => {
        const b = s.baseline.points[i];
        rows.push(cmp(`RSS at ${p.sessions} sessions (MiB)`, p.rssMib, b.rssMib));
        rows.push(cmp(`RSS per session at ${p.sessions} (KiB)`, p.rssPerSessionKib, b.rssPerSessionKib));
        rows.push(cmp(`before collecting garbage: RSS per session at ${p.sessions} (KiB)`, p.uncollectedRssPerSessionKib, b.uncollectedRssPerSessionKib));
        rows.push(cmp(`time to log in up to ${p.sessions} (s)`, p.loginSeconds, b.loginSeconds));
      });
      return (
        `\n### 1. Idle capacity\n\nSessions log in ${plan.idle.storm} at a time (all prompted, then all send their credentials at once); ` +
        `${plan.idle.settleMs / 1000} s after each checkpoint the bench reads VmRSS, then signals a full garbage collection in the server and reads it again. ` +
        `Per-session figures are (RSS − RSS before any session) ÷ sessions, after collection unless marked. ` +
        `RSS before any session: Parley ${s.parley.rssBeforeMib} MiB, baseline ${s.baseline.rssBeforeMib} MiB.\n\n` +
        table(head, rows)
      );
    }
    case 'login':
      return (
        `\n### 2. Login rate\n\n${plan.login.users} distinct users, ${plan.login.concurrency} logging in at once, each logs in and out. ` +
        `argon2id m=${s.argon2.memoryCost} KiB, t=${s.argon2.timeCost}, p=${s.argon2.parallelism}: one verification takes ${s.hashMs} ms on one core; ` +
        `${s.cores} cores ÷ ${s.hashMs} ms = ${s.hashBoundPerSecond} logins/s at most; ${s.cores} threads verifying without pause reach ${s.parallelHashesPerSecond}/s, 4 threads ${s.poolHashesPerSecond}/s. The server may use all cores here.\n\n` +
        table(head, [
          cmp('logins/s', s.parley.loginsPerSecond, s.baseline.loginsPerSecond),
          cmp('login p50 (ms)', s.parley.latency.p50Ms, s.baseline.latency.p50Ms),
          cmp('login p99 (ms)', s.parley.latency.p99Ms, s.baseline.latency.p99Ms),
          cmp('server CPU share (cores)', s.parley.serverCpuShare, s.baseline.serverCpuShare),
        ]) +
        (s.hashingBaseline ? hashingBaselineTable(s) : '')
      );
    case 'pm': {
      const rows = [];
      for (const mode of ['saturated', 'paced']) {
        const a = s.parley[mode];
        const b = s.baseline[mode];
        const label = mode === 'saturated' ? `closed loop, ${plan.pm.window} in flight per pair` : `paced at ${s.offeredPerSecond}/s`;
        rows.push(cmp(`${label}: delivered msgs/s`, a.perSecond, b.perSecond));
        rows.push(cmp(`${label}: server CPU µs/msg`, a.serverCpuMicrosPerItem, b.serverCpuMicrosPerItem));
        rows.push(cmp(`${label}: p50 latency (ms)`, a.latency.p50Ms, b.latency.p50Ms));
        rows.push(cmp(`${label}: p99 latency (ms)`, a.latency.p99Ms, b.latency.p99Ms));
        rows.push(cmp(`${label}: lost messages`, a.lost, b.lost));
        rows.push(cmp(`${label}: server / generator CPU (cores)`, `${a.serverCpuShare} / ${a.generatorCpuShare}`, `${b.serverCpuShare} / ${b.generatorCpuShare}`));
      }
      return `\n### 3. Private messages (${plan.pm.pairs} pairs)\n\n` + table(head, rows);
    }
    case 'broadcast': {
      const out = [];
      for (const [n, b] of Object.entries(s)) {
        if (typeof b !== 'object' || !b.parley) continue;
        const rows = [];
        for (const mode of ['paced', 'burst']) {
          const label = mode === 'paced' ? `paced, 1 every ${plan.broadcast.intervalMs} ms` : `bursts of ${plan.broadcast.burst}`;
          const [p, c, l] = [b.parley[mode], b.baseline[mode], b.baselinePerLine[mode]];
          rows.push([`${label}: deliveries/s`, p.perSecond, c.perSecond, l.perSecond, ratio(p.perSecond, c.perSecond)]);
          rows.push([`${label}: server CPU µs/delivery`, p.serverCpuMicrosPerItem, c.serverCpuMicrosPerItem, l.serverCpuMicrosPerItem, ratio(p.serverCpuMicrosPerItem, c.serverCpuMicrosPerItem)]);
          rows.push([`${label}: p99 latency (ms)`, p.latency.p99Ms, c.latency.p99Ms, l.latency.p99Ms, ratio(p.latency.p99Ms, c.latency.p99Ms)]);
          rows.push([`${label}: lost`, p.lost, c.lost, l.lost, '-']);
          rows.push([`${label}: server / generator CPU (cores)`, `${p.serverCpuShare} / ${p.generatorCpuShare}`, `${c.serverCpuShare} / ${c.generatorCpuShare}`, `${l.serverCpuShare} / ${l.generatorCpuShare}`, '-']);
        }
        out.push(`\n### 4. Broadcast to ${n} receivers\n\n` + table(['figure', 'Parley', 'baseline (coalesced)', 'baseline (write per line)', 'Parley ÷ coalesced'], rows));
      }
      return out.join('\n');
    }
    case 'irc':
      return renderIrc(s, plan, table);
    case 'rest':
      return (
        '\n### 0. Memory at rest\n\nVmRSS 2 s after the server is ready, before any connection; then after a full garbage collection.\n\n' +
        table(head, [
          cmp('RSS after garbage collection (MiB)', s.parley.rssMib, s.baseline.rssMib),
          cmp('RSS as it is (MiB)', s.parley.uncollectedRssMib, s.baseline.uncollectedRssMib),
          cmp('threads', s.parley.threads, s.baseline.threads),
        ])
      );
    case 'acks': {
      const out = [];
      for (const [w, r] of Object.entries(s)) {
        if (typeof r !== 'object' || !r.parley) continue;
        const [a, b] = [r.parley, r.baseline];
        const t = a.threadCpuMicrosPerItem;
        out.push(
          `\n### 6. Durable acknowledgements: 1 sender, ${w} in flight, to ${plan.acks.recipients} offline recipients (${plan.acks.perRecipient} each)\n\n` +
            `An acknowledgement (\`... is offline; your message was stored.\`) is sent only after the commit (synchronous=FULL). Measured after a warm-up of ${plan.acks.warmup} messages to another offline user. The baseline keeps the messages in memory.\n\n` +
            table(head, [
              cmp('acks/s', a.perSecond, b.perSecond),
              cmp('server CPU µs/ack', a.serverCpuMicrosPerItem, b.serverCpuMicrosPerItem),
              cmp('  of which main thread (of it in the kernel) / libuv pool / V8 and other threads (µs)', `${t.main} (${t.mainSystem}) / ${t.pool} / ${t.other}`, `${b.threadCpuMicrosPerItem.main} (${b.threadCpuMicrosPerItem.mainSystem}) / ${b.threadCpuMicrosPerItem.pool} / ${b.threadCpuMicrosPerItem.other}`),
              cmp('ack p50 (ms)', a.latency.p50Ms, b.latency.p50Ms),
              cmp('ack p99 (ms)', a.latency.p99Ms, b.latency.p99Ms),
              cmp('failed', a.failed, b.failed),
              cmp('server CPU share (cores)', a.serverCpuShare, b.serverCpuShare),
            ]),
        );
      }
      return out.join('\n');
    }
    case 'offline': {
      const [a, b] = [s.parley, s.baseline];
      return (
        `\n### 5. Offline storage (${plan.offline.senders} senders, ${plan.offline.messages} messages to one offline user; each sender waits for its acknowledgement)\n\n` +
        'The baseline keeps offline messages in memory (no durability); it is shown for scale only.\n\n' +
        table(head, [
          cmp('stored messages acknowledged/s', a.storage.perSecond, b.storage.perSecond),
          cmp('server CPU µs/stored message', a.storage.serverCpuMicrosPerItem, b.storage.serverCpuMicrosPerItem),
          cmp('failed', a.storage.failed, b.storage.failed),
          cmp(`backlog of ${a.backlog.messages}: login to last line (s)`, a.backlog.seconds, b.backlog.seconds),
        ])
      );
    }
  }
}

function writeDoc(results) {
  const file = join(ROOT, 'docs', 'PERFORMANCE.md');
  const begin = '<!-- bench:begin (written by npm run bench; edit outside these markers) -->';
  const end = '<!-- bench:end -->';
  const m = results.machine;
  const generated = [
    begin,
    `## Latest run`,
    '',
    `- Date: ${results.date}`,
    `- Command: \`npm run bench${options.raw.length ? ' -- ' + options.raw.join(' ') : ''}\` (${results.seconds} s)`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGib} GiB, Linux ${m.kernel}, Node ${m.node}`,
    `- Pinning: ${results.pinned ? `servers on core ${SERVER_CORE}, load generator on core ${GENERATOR_CORE} (taskset); the login rate lets the server use every core` : 'none (no taskset or one core)'}`,
    `- argon2id for all scenarios but the login rate: m=${CHEAP_ARGON2.memoryCost} KiB, t=${CHEAP_ARGON2.timeCost} (so 10k sessions log in quickly); login rate: the default m=${DEFAULT_ARGON2.memoryCost} KiB, t=${DEFAULT_ARGON2.timeCost}`,
    `- Each figure is the median of ${options.repeat} run(s).`,
    renderTargets(results.targets),
    ...Object.entries(results.scenarios).map(([name, s]) => renderScenario(name, s)),
    '',
    end,
  ].join('\n');
  mkdirSync(dirname(file), { recursive: true });
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : `# Performance\n\n${begin}\n${end}\n`;
  const from = previous.indexOf(begin);
  const to = previous.indexOf(end);
  const next = from === -1 || to === -1 ? `${previous}\n${generated}\n` : previous.slice(0, from) + generated + previous.slice(to + end.length);
  writeFileSync(file, next);
  log(`bench: wrote ${file}`);
}

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGib: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.versions.node,
  };
}

// ---------------------------------------------------------------------------------------

/** Median of each numeric leaf over repeated runs (the first run's shape). */
function median(runs) {
  const first = runs[0];
  if (typeof first === 'number') {
    const sorted = runs.filter((v) => typeof v === 'number').sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
  if (Array.isArray(first)) return first.map((_, i) => median(runs.map((run) => run[i])));
  if (first && typeof first === 'object') {
    return Object.fromEntries(Object.keys(first).map((key) => [key, median(runs.map((run) => run[key]))]));
  }
  return first;
}

function round(value, digits = 3) {
  return Number(value.toFixed(digits));
}

function canPin() {
  if (availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
}

function parseArgs(argv) {
  // `npm run bench --cluster` (without --) reaches the script only as npm_config_cluster=true.
  const cluster = process.env.npm_config_cluster === 'true';
  const result = { quick: false, only: undefined, repeat: 1, json: undefined, doc: true, cpuProf: undefined, postgres: false, cluster, adminRequest: false, raw: argv };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') result.quick = true;
    else if (arg.startsWith('--only')) result.only = value().split(',');
    else if (arg.startsWith('--repeat')) result.repeat = Math.max(1, Number(value()));
    else if (arg.startsWith('--json')) result.json = value();
    else if (arg === '--no-doc') result.doc = false;
    else if (arg === '--postgres') result.postgres = true;
    else if (arg === '--cluster') result.cluster = true;
    else if (arg === '--admin-request') result.adminRequest = true;
    else if (arg.startsWith('--cpu-prof')) result.cpuProf = value();
    else usage(`unknown option ${arg}`);
  }
  for (const name of result.only ?? []) if (!SCENARIOS.includes(name)) usage(`unknown scenario ${name}`);
  if (result.postgres) result.doc = false;
  return result;
}

function usage(problem) {
  console.error(`bench: ${problem}\nusage: npm run bench -- [--quick] [--only ${SCENARIOS.join(',')}] [--repeat N] [--json FILE] [--no-doc] [--cpu-prof DIR] [--postgres] [--admin-request]\n       npm run bench -- --cluster [--quick] [--json FILE]`);
  process.exit(64);
}

function log(text) {
  console.log(text);
}
