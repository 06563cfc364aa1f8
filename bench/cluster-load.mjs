// The load generator of `npm run bench -- --cluster`: senders logged in on one server,
// receivers on another (a cluster's node A and node B) or on the same one (a single server).
//
//   node bench/cluster-load.mjs '{"scenario":"pm","sendPort":4000,"receivePort":4001,"serverPids":[1,2],"redisPort":6390,...}'
//
// Prints one JSON object on stdout. Server CPU is read from /proc/PID of each server, Redis
// commands from INFO commandstats; latencies from a send time carried in each message.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { takeLines } from './crlf-lines.mjs';
import { cpuMicros, otherThreadsCpuMicros } from './proc-cpu.mjs';

const params = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 3) => (value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));

/** A line-protocol client on `port`: logs in, then hands each line to `onLine`. */
class Client {
  constructor(name, port) {
    Object.assign(this, { name, port, partial: '', onLine: null });
  }

  connect() {
    return new Promise((resolve, reject) => {
      this.socket = connect(this.port, '127.0.0.1', () => resolve(this));
      this.socket.setNoDelay(true);
      this.socket.setEncoding('latin1');
      this.socket.once('error', reject);
      this.socket.on('error', () => {});
      this.socket.on('data', (text) => this.receive(text));
    });
  }

  login() {
    return new Promise((resolve, reject) => {
      this.onLine = (line) => {
        if (line.includes('Welcome, ')) {
          this.onLine = null;
          resolve();
        } else if (/Invalid|locked|Error/.test(line)) reject(new Error(`${this.name}: ${line}`));
      };
      this.socket.write(`${this.name}\r\n${params.password}\r\n`);
    });
  }

  receive(text) {
    this.partial = takeLines(this.partial, text, (line) => this.onLine?.(line));
  }

  send(text) {
    this.socket.write(text);
  }

  close() {
    this.socket.destroy();
  }
}

/** Logins refused because the cluster is unavailable, retried (a node may refuse them for a while after it starts). */
let refusedLogins = 0;
const RETRY_REFUSED_MS = 30_000;

async function loginOnce(name, port) {
  const client = await new Client(name, port).connect();
  try {
    await client.login();
    return client;
  } catch (error) {
    client.close();
    throw error;
  }
}

async function loginRetrying(name, port) {
  const until = performance.now() + RETRY_REFUSED_MS;
  for (;;) {
    try {
      return await loginOnce(name, port);
    } catch (error) {
      if (!/unavailable/.test(error.message) || performance.now() > until) throw error;
      refusedLogins++;
      await sleep(500);
    }
  }
}

async function loginAll(names, port, concurrency = 32) {
  const clients = new Array(names.length);
  let next = 0;
  async function worker() {
    while (next < names.length) {
      const index = next++;
      clients[index] = await loginRetrying(names[index], port);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

/** Redis INFO commandstats: calls by command, the generator's own INFO left out; null without Redis. */
function redisCalls() {
  if (!params.redisPort) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const socket = connect(params.redisPort, '127.0.0.1', () => socket.write('INFO commandstats\r\n'));
    let reply = '';
    socket.setEncoding('utf8');
    socket.on('data', (text) => {
      reply += text;
      const header = /^\$(\d+)\r\n/.exec(reply);
      if (!header || Buffer.byteLength(reply) < header[0].length + Number(header[1])) return;
      socket.destroy();
      const calls = {};
      for (const [, command, count] of reply.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (command !== 'info') calls[command] = Number(count);
      resolve(calls);
    });
    socket.on('error', reject);
  });
}

function callsBetween(before, after, per) {
  if (!before) return null;
  const byCommand = {};
  let total = 0;
  for (const [command, count] of Object.entries(after)) {
    const delta = count - (before[command] ?? 0);
    if (delta > 0) byCommand[command] = round(delta / per, 3);
    total += Math.max(0, delta);
  }
  return { perItem: round(total / per, 3), byCommand };
}

/** A measured window: CPU of each server, wall time, a counter, Redis calls. */
async function window(counter) {
  const start = { cpu: params.serverPids.map((pid) => cpuMicros(pid)), others: params.serverPids.map(otherThreadsCpuMicros), at: performance.now(), count: counter(), redis: await redisCalls() };
  return async () => {
    const seconds = (performance.now() - start.at) / 1000;
    const count = counter() - start.count;
    const redis = await redisCalls();
    return {
      seconds: round(seconds),
      count,
      perSecond: Math.round(count / seconds),
      serverCpuMicrosPerItem: params.serverPids.map((pid, i) => round((cpuMicros(pid) - start.cpu[i]) / count, 2)),
      otherThreadsCpuMicrosPerItem: params.serverPids.map((pid, i) => round((otherThreadsCpuMicros(pid) - start.others[i]) / count, 2)),
      redisCallsPerItem: callsBetween(start.redis, redis, count),
    };
  };
}

function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => (sorted.length ? round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]) : null);
  return { p50Ms: at(50), p99Ms: at(99), samples: sorted.length };
}

const latencyOf = (line) => performance.now() - Number(line.slice(line.lastIndexOf(' ') + 1));

async function drain(done, limitMs = 10_000) {
  const until = performance.now() + limitMs;
  while (!done() && performance.now() < until) await sleep(20);
}

/** Redis calls per second while nobody sends: the claims' renewals and the like. */
async function idleRedisRate() {
  const before = await redisCalls();
  if (!before) return null;
  await sleep(1000);
  return callsBetween(before, await redisCalls(), 1).perItem;
}

/** Calls per item less what the cluster does anyway while nobody sends (renewals, liveness checks). */
function livePathCalls({ redisCallsPerItem, idleRedisCallsPerSecond, seconds, count }) {
  if (!redisCallsPerItem || idleRedisCallsPerSecond === null || count === 0) return null;
  return round(Math.max(0, redisCallsPerItem.perItem - (idleRedisCallsPerSecond * seconds) / count), 3);
}

// Private messages: `pairs` senders on sendPort, their receivers on receivePort, paced at `rate`/s.
async function pm() {
  const { pairs, rate } = params;
  const senders = await loginAll(Array.from({ length: pairs }, (_, i) => `u${i}`), params.sendPort);
  const receivers = await loginAll(Array.from({ length: pairs }, (_, i) => `u${pairs + i}`), params.receivePort);
  await sleep(1000);
  const idleRedisCallsPerSecond = await idleRedisRate();
  let delivered = 0;
  let sent = 0;
  let recording = false;
  const latencies = [];
  receivers.forEach((receiver, p) => {
    const prefix = `${senders[p].name}: `;
    receiver.onLine = (line) => {
      if (!line.startsWith(prefix)) return;
      delivered++;
      if (recording) latencies.push(latencyOf(line));
    };
  });
  const started = performance.now();
  let turn = 0;
  const timer = setInterval(() => {
    const target = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < target; sent++, turn++) {
      const p = turn % pairs;
      senders[p].send(`message ${receivers[p].name} ${sent} ${performance.now().toFixed(3)}\r\n`);
    }
  }, 5);
  await sleep(params.warmupMs);
  recording = true;
  const measure = await window(() => delivered);
  await sleep(params.durationMs);
  const result = { offeredPerSecond: rate, idleRedisCallsPerSecond, ...(await measure()), latency: latencySummary(latencies) };
  result.livePathRedisCallsPerItem = livePathCalls(result);
  clearInterval(timer);
  recording = false;
  await drain(() => delivered === sent);
  result.lost = sent - delivered;
  for (const client of [...senders, ...receivers]) client.close();
  return result;
}

// Broadcast fan-out: one sender on sendPort, `receivers` on receivePort, one every intervalMs.
async function broadcast() {
  const [sender] = await loginAll(['u0'], params.sendPort);
  const receivers = await loginAll(Array.from({ length: params.receivers }, (_, i) => `u${i + 1}`), params.receivePort, 64);
  await sleep(1000);
  let delivered = 0;
  let recording = false;
  const latencies = [];
  for (const receiver of receivers) {
    receiver.onLine = (line) => {
      if (!line.startsWith('u0 (broadcast): ')) return;
      delivered++;
      if (recording) latencies.push(latencyOf(line));
    };
  }
  let seq = 0;
  const timer = setInterval(() => sender.send(`broadcast ${++seq} ${performance.now().toFixed(3)}\r\n`), params.intervalMs);
  await sleep(params.warmupMs);
  recording = true;
  const sentBefore = seq;
  const measure = await window(() => delivered);
  await sleep(params.durationMs);
  const result = { broadcastsPerSecond: round(1000 / params.intervalMs, 1), ...(await measure()), latency: latencySummary(latencies) };
  const broadcasts = seq - sentBefore;
  if (result.redisCallsPerItem) result.redisCallsPerBroadcast = round((result.redisCallsPerItem.perItem * result.count) / broadcasts, 3);
  clearInterval(timer);
  recording = false;
  await drain(() => delivered === seq * params.receivers);
  result.lost = seq * params.receivers - delivered;
  for (const client of [sender, ...receivers]) client.close();
  return result;
}

const scenarios = { pm, broadcast };
scenarios[params.scenario]()
  .then((result) => {
    console.log(JSON.stringify({ ...result, refusedLogins }));
    process.exit(0);
  })
  .catch((error) => {
    console.error(`cluster-load: ${error.stack}`);
    process.exit(1);
  });
