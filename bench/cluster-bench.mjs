// `npm run bench -- --cluster` (SPEC section 5): the private-message and fan-out scenarios with
// senders on node A and receivers on node B of a two-node cluster, beside a plain single
// server on the same PostgreSQL database, at the same offered load, in the same run. Each
// gets a fresh PostgreSQL database and the cluster a private redis-server; all are removed after.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Each scenario is measured after 10 s of the same load: at 1000 messages a second, 1 s was
 * still JIT warm-up (V8 compiling the bus's path on both nodes), which read as 35-40 % more CPU
 * per message on each node and set the cross-node p99 (docs/PERFORMANCE.md).
 */
export function clusterPlan(quick) {
  return {
    pm: { pairs: 50, rate: 1000, warmupMs: 10_000, durationMs: quick ? 2500 : 5000 },
    broadcast: { receivers: 500, intervalMs: 100, warmupMs: 10_000, durationMs: quick ? 2500 : 4000 },
  };
}

/** Runs both scenarios on a single server and on a cluster; `ctx` brings run.mjs's helpers. */
export async function runCluster(ctx) {
  const plan = clusterPlan(ctx.quick);
  const database = `parley_bench_cluster_${process.pid}`;
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-cluster-'));
  let redis;
  try {
    await prepareDatabase(ctx, database, 1 + Math.max(plan.broadcast.receivers, plan.pm.pairs * 2));
    redis = await startRedis(ctx);
    const result = { plan, single: {}, cluster: {} };
    for (const scenario of ['pm', 'broadcast']) {
      ctx.log(`bench: cluster: ${scenario} on a single server ...`);
      result.single[scenario] = await onSingle(ctx, work, database, scenario, plan[scenario]);
      ctx.log(`bench: cluster: ${scenario} from node A to node B ...`);
      result.cluster[scenario] = await onCluster(ctx, work, database, redis, scenario, plan[scenario]);
    }
    return result;
  } finally {
    if (redis) await ctx.stopProcess(redis.child);
    rmSync(work, { recursive: true, force: true });
    psql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

async function onSingle(ctx, work, database, scenario, params) {
  const server = await startNode(ctx, work, database, {});
  try {
    return await load(ctx, scenario, { ...params, sendPort: server.port, receivePort: server.port, serverPids: [server.pid] });
  } finally {
    await server.stop();
  }
}

async function onCluster(ctx, work, database, redis, scenario, params) {
  const cluster = { PARLEY_CLUSTER_REDIS_URL: `redis://127.0.0.1:${redis.port}`, PARLEY_CLUSTER_NAME: `bench${process.pid}` };
  const a = await startNode(ctx, work, database, cluster);
  const b = await startNode(ctx, work, database, cluster).catch(async (error) => {
    await a.stop();
    throw error;
  });
  try {
    return await load(ctx, scenario, { ...params, sendPort: a.port, receivePort: b.port, serverPids: [a.pid, b.pid], redisPort: redis.port });
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}

async function startNode(ctx, work, database, extra) {
  const dataDir = mkdtempSync(join(work, 'node-'));
  const env = { ...ctx.serverEnv(dataDir, `postgres://postgres@127.0.0.1:5432/${database}`), ...extra };
  const server = await ctx.startProcess(ctx.serverCore, [...ctx.profileFlags(), 'dist/main.js', 'server', '127.0.0.1', '0'], env, /line protocol listening on 127\.0\.0\.1:(\d+)/);
  return { ...server, stop: () => ctx.stopProcess(server.child) };
}

function load(ctx, scenario, params) {
  const [command, argv] = ctx.pin(ctx.generatorCore, process.execPath, ['bench/cluster-load.mjs', JSON.stringify({ scenario, password: ctx.password, ...params })]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ctx.root, stdio: ['ignore', 'pipe', 'inherit'] });
    ctx.track(child);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text) => (output += text));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output.trim().split('\n').pop())) : reject(new Error(`cluster load (${scenario}) exited with ${code}`))));
  });
}

function psql(sql) {
  return execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
}

/** A migrated database with users u0..u(count-1), all with one argon2id hash of the password (cheap cost). */
async function prepareDatabase(ctx, database, count) {
  psql(`CREATE DATABASE "${database}"`);
  const { hash } = require('@node-rs/argon2');
  const { createToolsApp } = require(join(ctx.root, 'dist', 'app.js'));
  const { loadConfig } = require(join(ctx.root, 'dist', 'config', 'load-config.js'));
  const { DataSource } = require('typeorm');
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-tools-'));
  try {
    const config = loadConfig({ env: {}, overrides: { 'data.dir': dataDir, 'database.url': `postgres://postgres@127.0.0.1:5432/${database}` } });
    const app = await createToolsApp(config, { logger: false });
    const passwordHash = await hash(ctx.password, ctx.argon2);
    const names = Array.from({ length: count }, (_, i) => `u${i}`);
    for (let i = 0; i < names.length; i += 500) {
      const rows = names.slice(i, i + 500);
      await app.get(DataSource).query(
        `INSERT INTO users (username, username_key, password_hash) VALUES ${rows.map((_, j) => `($${3 * j + 1}, $${3 * j + 2}, $${3 * j + 3})`).join(', ')}`,
        rows.flatMap((name) => [name, name, passwordHash]),
      );
    }
    await app.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function startRedis(ctx) {
  const port = await freePort();
  const [command, argv] = ctx.pin(ctx.serverCore, 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  ctx.track(child);
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text) => {
      output += text;
      if (/Ready to accept connections/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
    child.once('error', (error) => reject(new Error(`redis-server could not start (${error.message}); the cluster bench needs it on PATH`)));
  });
  return { port, child };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// Figures and targets.

const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? Number((a / b).toFixed(2)) : null);

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function clusterTargets(result) {
  const { single, cluster } = result;
  const rows = [];
  for (const [scenario, label] of [['pm', `Private message p99, node A → node B vs one server, at ${result.plan.pm.rate}/s`], ['broadcast', `Broadcast delivery p99, node A → ${result.plan.broadcast.receivers} on node B vs one server`]]) {
    const [c, s] = [cluster[scenario].latency.p99Ms, single[scenario].latency.p99Ms];
    const r = ratio(c, s);
    rows.push({ target: label, cluster: `${c} ms`, single: `${s} ms`, ratio: r, goal: '≤ 2', met: r !== null && r <= 2 });
  }
  const all = cluster.pm.redisCallsPerItem?.perItem ?? null;
  const ops = cluster.pm.livePathRedisCallsPerItem ?? null;
  rows.push({
    target: `Redis operations per private message on the live path (INFO commandstats: ${all} per message in all, less the idle rate)`,
    cluster: `${ops}`,
    single: '-',
    ratio: ops,
    goal: '≤ 2',
    met: ops !== null && ops <= 2,
  });
  return rows;
}

export function renderCluster(result, targets) {
  const { single, cluster, plan } = result;
  const cpu = (r) => r.serverCpuMicrosPerItem;
  const others = (r) => r.otherThreadsCpuMicrosPerItem ?? ['-', '-'];
  const scenarioRows = (scenario, unit, units) => {
    const [s, c] = [single[scenario], cluster[scenario]];
    return [
      [`delivered ${units}/s`, s.perSecond, c.perSecond, ratio(c.perSecond, s.perSecond) ?? '-'],
      [`server CPU µs/${unit}: one server | node A, node B`, cpu(s)[0], `${cpu(c)[0]}, ${cpu(c)[1]}`, ratio(cpu(c)[0] + cpu(c)[1], cpu(s)[0]) ?? '-'],
      [`  of which threads other than the main one (V8 compiler and GC helpers)`, others(s)[0], `${others(c)[0]}, ${others(c)[1]}`, '-'],
      [`p50 latency (ms)`, s.latency.p50Ms, c.latency.p50Ms, ratio(c.latency.p50Ms, s.latency.p50Ms) ?? '-'],
      [`p99 latency (ms)`, s.latency.p99Ms, c.latency.p99Ms, ratio(c.latency.p99Ms, s.latency.p99Ms) ?? '-'],
      [`lost`, s.lost, c.lost, '-'],
      [`Redis calls per ${unit} (by command)`, '-', `${c.redisCallsPerItem?.perItem} (${formatCalls(c.redisCallsPerItem?.byCommand)})`, '-'],
      [`Redis calls/s with nobody sending`, '-', c.idleRedisCallsPerSecond ?? '-', '-'],
      [`logins refused as "cluster unavailable" and retried`, s.refusedLogins, c.refusedLogins, '-'],
    ];
  };
  const head = ['figure', 'single server', 'cluster (A → B)', 'cluster ÷ single'];
  return [
    `\n### Cluster: private messages, ${plan.pm.pairs} senders on node A, their receivers on node B, paced at ${plan.pm.rate}/s, measured after ${plan.pm.warmupMs / 1000} s of it\n\n` + table(head, scenarioRows('pm', 'message', 'messages')),
    `\n### Cluster: broadcast, 1 sender on node A, ${plan.broadcast.receivers} receivers on node B, 1 every ${plan.broadcast.intervalMs} ms, measured after ${plan.broadcast.warmupMs / 1000} s of it\n\n` +
      table(head, scenarioRows('broadcast', 'delivery', 'deliveries')) +
      `\n\nRedis calls per broadcast: ${cluster.broadcast.redisCallsPerBroadcast ?? '-'}`,
    `\n### Cluster targets (same run, same offered load; all servers and Redis on the server core)\n\n` +
      table(['target', 'cluster', 'single server', 'ratio', 'goal', 'met'], targets.map((r) => [r.target, r.cluster, r.single, r.ratio ?? '-', r.goal, r.met ? 'yes' : '**no**'])),
  ].join('\n');
}

function formatCalls(byCommand) {
  if (!byCommand) return '-';
  return Object.entries(byCommand)
    .sort((a, b) => b[1] - a[1])
    .map(([command, perItem]) => `${command} ${perItem}`)
    .join(', ');
}
