// The load generator: one scenario against one server, over real TCP.
//
//   node bench/load.mjs '{"scenario":"pm","port":4000,"serverPid":123,...}'
//
// Prints one JSON object (the scenario's figures) on stdout. Server CPU and RSS are read
// from /proc/PID of the server; latencies come from a send time carried in each message
// (sender and receiver live in this process, so they share one clock).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { takeLines } from './crlf-lines.mjs';

const CLOCK_TICKS = 100;
const params = JSON.parse(process.argv[2]);
const PASSWORD = params.password;

/** Server CPU time (user + system) in microseconds. */
function serverCpuMicros() {
  const stat = readFileSync(`/proc/${params.serverPid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

function cpuMicrosOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

/** On PostgreSQL: CPU time so far of each backend serving the server's database, by pid. */
function databaseCpuMicros() {
  if (!params.database) return new Map();
  const pids = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-Atc',
    `SELECT pid FROM pg_stat_activity WHERE datname = '${params.database}'`], { encoding: 'utf8' }).split('\n').filter(Boolean);
  const cpu = new Map();
  for (const pid of pids) {
    try {
      cpu.set(pid, cpuMicrosOf(pid));
    } catch {
      // The backend ended meanwhile.
    }
  }
  return cpu;
}

/**
 * Server CPU time by thread, in microseconds: the main (JavaScript) thread, the six that
 * Node starts with it (V8's GC and compiler workers, the inspector's), and the threads
 * started later: libuv's pool, where sqlite3 queries and argon2 hashes run. Threads have no
 * names in /proc here, so they are told apart by creation order (thread ids ascend).
 */
const NODE_STARTUP_THREADS = 7;
function serverThreadCpuMicros() {
  const totals = { main: 0, pool: 0, other: 0, mainSystem: 0 };
  let tasks = [];
  try {
    tasks = readdirSync(`/proc/${params.serverPid}/task`).map(Number).sort((a, b) => a - b);
  } catch {
    return totals;
  }
  tasks.forEach((tid, index) => {
    let stat;
    try {
      stat = readFileSync(`/proc/${params.serverPid}/task/${tid}/stat`, 'utf8');
    } catch {
      return; // the thread ended
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const micros = ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
    const kind = tid === params.serverPid ? 'main' : index < NODE_STARTUP_THREADS ? 'other' : 'pool';
    totals[kind] += micros;
    if (kind === 'main') totals.mainSystem += (Number(fields[12]) * 1e6) / CLOCK_TICKS;
  });
  return totals;
}

function serverRssKib() {
  const status = readFileSync(`/proc/${params.serverPid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A line-protocol client: logs in, then hands each line to `onLine` (or only counts bytes). */
class Client {
  constructor(name) {
    this.name = name;
    this.partial = '';
    this.onLine = null;
    this.discard = false;
    this.closed = false;
  }

  connect() {
    return new Promise((resolve, reject) => {
      this.socket = connect(params.port, '127.0.0.1', () => resolve(this));
      this.socket.setNoDelay(true);
      this.socket.setEncoding('latin1');
      this.socket.once('error', reject);
      this.socket.on('error', () => {});
      this.socket.on('close', () => {
        this.closed = true;
        this.onClose?.();
      });
      this.socket.on('data', (text) => this.receive(text));
    });
  }

  /** Resolves once the server shows the Username prompt. */
  prompted() {
    return new Promise((resolve) => {
      if (this.partial.endsWith('Username: ')) resolve();
      else this.onPrompt = resolve;
    });
  }

  /** Sends name and password in one packet; resolves on the Welcome line. */
  login(password = PASSWORD) {
    return new Promise((resolve, reject) => {
      this.onLine = (line) => {
        if (line.includes('Welcome, ')) {
          this.onLine = null;
          resolve();
        } else if (/Invalid|locked|Error/.test(line)) reject(new Error(`${this.name}: ${line}`));
      };
      this.onClose = () => reject(new Error(`${this.name}: closed during login`));
      this.socket.write(`${this.name}\r\n${password}\r\n`);
    }).finally(() => (this.onClose = undefined));
  }

  receive(text) {
    if (this.discard) return;
    this.partial = takeLines(this.partial, text, (line) => this.onLine?.(line));
    if (this.onPrompt && this.partial.endsWith('Username: ')) {
      this.onPrompt();
      this.onPrompt = undefined;
    }
  }

  send(text) {
    this.socket.write(text);
  }

  close() {
    this.socket.destroy();
  }
}

async function connectAndLogin(name, password) {
  const client = new Client(name);
  await client.connect();
  await client.login(password);
  return client;
}

/** Logs in `names` with at most `concurrency` logins in flight. */
async function loginAll(names, concurrency = 32) {
  const clients = new Array(names.length);
  let next = 0;
  async function worker() {
    while (next < names.length) {
      const index = next++;
      clients[index] = await connectAndLogin(names[index]);
      // Presence lines of later logins are not needed: parse nothing until a scenario asks.
      clients[index].discard = true;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  return { p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), samples: sorted.length };
}

const round = (value, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));
const user = (i) => `u${i}`;

/** The send time rides in the message text; the receiver reads the last word. */
function latencyOf(line) {
  return performance.now() - Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** Measures a steady window: server CPU, this process's CPU, wall time, and a counter. */
function window(counter) {
  const start = { cpu: serverCpuMicros(), db: databaseCpuMicros(), own: process.cpuUsage(), at: performance.now(), count: counter() };
  return () => {
    const seconds = (performance.now() - start.at) / 1000;
    const own = process.cpuUsage(start.own);
    const count = counter() - start.count;
    const serverCpu = serverCpuMicros() - start.cpu;
    const db = params.database ? databaseCpuPerItem(start.db, count) : {};
    return {
      ...db,
      seconds: round(seconds),
      count,
      perSecond: Math.round(count / seconds),
      serverCpuMicrosPerItem: round(serverCpu / count, 2),
      serverCpuShare: round(serverCpu / 1e6 / seconds, 2),
      generatorCpuShare: round((own.user + own.system) / 1e6 / seconds, 2),
    };
  };
}

/** PostgreSQL backends' CPU over a window (backends new since its start counted from zero). */
function databaseCpuPerItem(before, count) {
  let micros = 0;
  for (const [pid, now] of databaseCpuMicros()) micros += now - (before.get(pid) ?? 0);
  return { databaseCpuMicrosPerItem: round(micros / count, 2) };
}

/**
 * Logs `names` in as a storm: every connection open and prompted first, then all send their
 * credentials at once. Each login is announced to everyone online, so logins spread out one
 * per event-loop turn would cost a write per session each; together they coalesce.
 */
async function loginStorm(names) {
  const clients = [];
  for (let i = 0; i < names.length; i += 100) {
    clients.push(...(await Promise.all(names.slice(i, i + 100).map((name) => new Client(name).connect()))));
  }
  await Promise.all(clients.map((client) => client.prompted()));
  const welcomed = clients.map((client) => client.login());
  await Promise.all(welcomed);
  for (const client of clients) client.discard = true;
  return clients;
}

/** The server's RSS as it is, and after a full garbage collection (SIGUSR2, see gc-on-signal.cjs). */
async function rssAsIsAndCollected() {
  const asIs = serverRssKib();
  process.kill(params.serverPid, 'SIGUSR2');
  await sleep(1000);
  return { asIs, collected: serverRssKib() };
}

// 1. Idle capacity: RSS per logged-in session at each checkpoint.
async function idle() {
  await sleep(500);
  const before = await rssAsIsAndCollected();
  const rssBefore = before.collected;
  const clients = [];
  const points = [];
  for (const target of params.checkpoints) {
    const started = performance.now();
    while (clients.length < target) {
      const names = [];
      for (let i = clients.length; i < Math.min(target, clients.length + params.storm); i++) names.push(user(i));
      clients.push(...(await loginStorm(names)));
    }
    const loginSeconds = (performance.now() - started) / 1000;
    await sleep(params.settleMs);
    const rss = await rssAsIsAndCollected();
    points.push({
      sessions: target,
      rssMib: round(rss.collected / 1024, 1),
      rssPerSessionKib: round((rss.collected - rssBefore) / target, 2),
      uncollectedRssMib: round(rss.asIs / 1024, 1),
      uncollectedRssPerSessionKib: round((rss.asIs - before.asIs) / target, 2),
      loginSeconds: round(loginSeconds, 1),
    });
  }
  for (const client of clients) client.close();
  return { rssBeforeMib: round(rssBefore / 1024, 1), points };
}

// 2. Login rate: distinct users, each logs in and out, `concurrency` at a time.
async function login() {
  const count = params.users;
  const latencies = [];
  let next = 0;
  const threadsBefore = serverThreadCpuMicros();
  const measure = window(() => next);
  async function worker() {
    while (next < count) {
      const name = `l${next++}`;
      const started = performance.now();
      const client = await connectAndLogin(name);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => {
        client.onClose = resolve;
        client.send('logout\r\n');
      });
    }
  }
  await Promise.all(Array.from({ length: params.concurrency }, worker));
  const result = measure();
  const threadsAfter = serverThreadCpuMicros();
  const perLogin = (kind) => round((threadsAfter[kind] - threadsBefore[kind]) / count / 1000, 2);
  const threadCpuMsPerLogin = { main: perLogin('main'), pool: perLogin('pool'), other: perLogin('other') };
  return { logins: count, loginsPerSecond: result.perSecond, ...result, threadCpuMsPerLogin, latency: latencySummary(latencies) };
}

// 3. Private messages between P pairs: closed loop (a window of messages in flight per pair),
//    then paced at a fixed offered rate for the latency comparison.
async function pm() {
  const pairs = params.pairs;
  const clients = await loginAll(Array.from({ length: pairs * 2 }, (_, i) => user(i)), 32);
  await sleep(500);
  let delivered = 0;
  let sent = 0;
  let running = true;
  let latencies = [];
  let recording = false;
  const senders = [];
  for (let p = 0; p < pairs; p++) {
    const sender = clients[2 * p];
    const receiver = clients[2 * p + 1];
    const send = () => {
      sent++;
      sender.send(`message ${receiver.name} ${sent} ${performance.now().toFixed(3)}\r\n`);
    };
    senders.push({ sender, receiver, send });
    receiver.discard = false;
    receiver.onLine = (line) => {
      if (!line.startsWith(`${sender.name}: `)) return;
      delivered++;
      if (recording) latencies.push(latencyOf(line));
      if (running && params.mode === 'closed') send();
    };
  }

  const result = {};
  if (params.saturate) {
    params.mode = 'closed';
    for (const { send } of senders) for (let i = 0; i < params.window; i++) send();
    await sleep(params.warmupMs);
    recording = true;
    const measure = window(() => delivered);
    await sleep(params.durationMs);
    result.saturated = { ...measure(), latency: latencySummary(latencies) };
    running = false;
    recording = false;
    await drain(() => delivered === sent);
    result.saturated.lost = sent - delivered;
  }

  // Paced: `rate` messages per second spread over the pairs, sent every 5 ms.
  params.mode = 'paced';
  running = true;
  delivered = sent = 0;
  latencies = [];
  const rate = params.rate;
  const started = performance.now();
  let due = 0;
  let turn = 0;
  const timer = setInterval(() => {
    const target = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; due < target; due++) senders[turn++ % pairs].send();
  }, 5);
  await sleep(params.warmupMs);
  recording = true;
  const measure = window(() => delivered);
  await sleep(params.durationMs);
  result.paced = { offeredPerSecond: rate, ...measure(), latency: latencySummary(latencies) };
  clearInterval(timer);
  recording = false;
  await drain(() => delivered === sent);
  result.paced.lost = sent - delivered;
  for (const client of clients) client.close();
  return result;
}

async function drain(done, limitMs = 5000) {
  const until = performance.now() + limitMs;
  while (!done() && performance.now() < until) await sleep(20);
}

// 4. Broadcast fan-out: one sender, N receivers; paced single broadcasts, then closed-loop bursts.
async function broadcast() {
  const receivers = params.receivers;
  const clients = await loginAll(Array.from({ length: receivers + 1 }, (_, i) => user(i)), 64);
  const sender = clients[0];
  await sleep(1000);
  let delivered = 0;
  let latencies = [];
  let recording = false;
  let onDelivery = null;
  for (const receiver of clients.slice(1)) {
    receiver.discard = false;
    receiver.onLine = (line) => {
      if (!line.includes(' (broadcast): ')) return;
      delivered++;
      if (recording) latencies.push(latencyOf(line));
      onDelivery?.();
    };
  }
  let seq = 0;
  const line = () => `broadcast ${++seq} ${performance.now().toFixed(3)}\r\n`;
  const result = {};

  // Paced: one broadcast every intervalMs.
  const timer = setInterval(() => sender.send(line()), params.intervalMs);
  await sleep(params.warmupMs);
  recording = true;
  let measure = window(() => delivered);
  await sleep(params.durationMs);
  result.paced = { broadcastsPerSecond: round(1000 / params.intervalMs, 1), ...measure(), latency: latencySummary(latencies) };
  clearInterval(timer);
  recording = false;
  await drain(() => delivered === seq * receivers);
  result.paced.lost = seq * receivers - delivered;

  // Bursts: `burst` broadcasts in one packet; the next burst once every receiver has them all.
  delivered = 0;
  seq = 0;
  latencies = [];
  let bursting = true;
  const sendBurst = () => {
    let text = '';
    for (let i = 0; i < params.burst; i++) text += line();
    sender.send(text);
  };
  onDelivery = () => {
    if (bursting && delivered === seq * receivers) sendBurst();
  };
  sendBurst();
  await sleep(params.warmupMs);
  recording = true;
  measure = window(() => delivered);
  await sleep(params.durationMs);
  result.burst = { burst: params.burst, ...measure(), latency: latencySummary(latencies) };
  bursting = false;
  recording = false;
  await drain(() => delivered === seq * receivers);
  result.burst.lost = seq * receivers - delivered;
  for (const client of clients) client.close();
  return result;
}

// 5. Offline storage: S senders each wait for the "stored" acknowledgement before the next
//    message, all to one offline user; then that user logs in and receives the backlog.
async function offline() {
  const inbox = 'inbox';
  const senders = await loginAll(Array.from({ length: params.senders }, (_, i) => user(i)), 32);
  await sleep(500);
  const total = params.messages;
  let sent = 0;
  let acked = 0;
  let failed = 0;
  const measure = window(() => acked);
  await new Promise((resolve) => {
    for (const sender of senders) {
      const next = () => {
        if (sent < total) sender.send(`message ${inbox} stored message ${++sent} ${performance.now().toFixed(3)}\r\n`);
      };
      sender.discard = false;
      sender.onLine = (line) => {
        if (line.includes('stored')) acked++;
        else if (line.startsWith('Error')) failed++;
        else return;
        if (acked + failed === total) resolve();
        else next();
      };
      next();
    }
  });
  const storage = { ...measure(), failed };
  for (const sender of senders) sender.close();
  await sleep(500);

  const client = new Client(inbox);
  await client.connect();
  let handedOver = 0;
  let announced = null;
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error(`backlog: only ${handedOver} of ${total} arrived`)), 60_000);
    client.onLine = (line) => {
      const header = /You have (\d+) stored messages/.exec(line);
      if (header) announced = Number(header[1]);
      else if (line.includes(' (stored ')) handedOver++;
      if (handedOver === acked) {
        clearTimeout(timeout);
        resolve();
      }
    };
    client.socket.write(`${inbox}\r\n${PASSWORD}\r\n`);
  });
  const backlog = { messages: handedOver, announced, seconds: round((performance.now() - started) / 1000) };
  client.close();
  return { storage, backlog };
}

// 6. Durable acknowledgements: one sender keeps `window` messages in flight, round robin to
//    `recipients` offline users, until each has `perRecipient`. An acknowledgement answers
//    the oldest message in flight (replies keep request order), which gives its latency.
async function acks() {
  const [sender] = await loginAll([user(0)], 1);
  await sleep(500);
  // Warm-up (another offline user, not measured): the JIT compiles the path first. After 1000
  // messages V8's worker threads were still compiling (TurboFan) through the measured window,
  // 30-45 µs of every ack's CPU; after 10,000 they are done (docs/PERFORMANCE.md).
  await streamAcks(sender, ['inbox'], params.warmup);
  const threadsBefore = serverThreadCpuMicros();
  let measured = 0;
  const measure = window(() => measured);
  const names = Array.from({ length: params.recipients }, (_, i) => `r${i}`);
  const { failed, latencies } = await streamAcks(sender, names, params.recipients * params.perRecipient, () => measured++);
  const result = measure();
  const threadsAfter = serverThreadCpuMicros();
  const perAck = (kind) => round((threadsAfter[kind] - threadsBefore[kind]) / result.count, 2);
  sender.close();
  return {
    window: params.window,
    ...result,
    failed,
    threadCpuMicrosPerItem: { main: perAck('main'), mainSystem: perAck('mainSystem'), pool: perAck('pool'), other: perAck('other') },
    latency: latencySummary(latencies),
  };
}

/** Sends `total` messages round robin to `names`, `params.window` in flight; resolves once all are answered. */
function streamAcks(sender, names, total, onAnswer = () => {}) {
  const sentAt = [];
  const latencies = [];
  let sent = 0;
  let answered = 0;
  let failed = 0;
  return new Promise((resolve) => {
    const send = () => {
      sentAt.push(performance.now());
      sender.send(`message ${names[sent % names.length]} durable ${++sent}\r\n`);
    };
    sender.discard = false;
    sender.onLine = (line) => {
      if (line.startsWith('Error')) failed++;
      else if (!line.includes('stored')) return;
      latencies.push(performance.now() - sentAt[answered++]);
      onAnswer();
      if (answered === total) resolve({ failed, latencies });
      else if (sent < total) send();
    };
    for (let i = 0; i < Math.min(params.window, total); i++) send();
  });
}

// 7. Memory at rest: the server's RSS before its first connection, as it is and collected.
async function rest() {
  await sleep(params.settleMs);
  const rss = await rssAsIsAndCollected();
  const status = readFileSync(`/proc/${params.serverPid}/status`, 'utf8');
  return { rssMib: round(rss.collected / 1024, 1), uncollectedRssMib: round(rss.asIs / 1024, 1), threads: Number(/Threads:\s+(\d+)/.exec(status)[1]) };
}

const scenarios = { idle, login, pm, broadcast, offline, acks, rest };
scenarios[params.scenario]().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`load: ${error.stack}\n`);
    process.exit(1);
  },
);
