// The IRC load generator: one run against every IRC server under comparison at once (Parley,
// the raw node:net IRC baseline, ngircd), over real TCP.
//
//   node bench/irc-load.mjs '{"servers":[{"name":"parley","port":6667,"pid":123,"pass":true,"collect":true},...],...}'
//
// Logs `receivers + 1` clients into each server in turn (RSS per idle session), then measures
// each phase (private messages between `pairs` pairs, paced channel messages from one sender to
// every other client) in interleaved slices: every server gets the same load for `sliceMs`, one
// after another, `slices` times, the order reversed every second time. The servers share one
// core, so a change in the machine's speed (other tenants, frequency) lands on all of them
// within seconds rather than on whichever server happened to run then. Prints one JSON object
// on stdout. Server CPU and RSS come from /proc/PID.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { takeLines } from './crlf-lines.mjs';
import { cpuSplitMicros, otherThreadsCpuMicros } from './proc-cpu.mjs';

const params = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));

/** Read and write system calls a server has made (/proc/PID/io): one of each per message unless it batches. */
function syscalls(pid) {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return { reads: Number(/syscr: (\d+)/.exec(io)[1]), writes: Number(/syscw: (\d+)/.exec(io)[1]) };
}

function rssKib(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
}

/** RSS after a full collection where the server is Node (SIGUSR2, gc-on-signal.cjs); as is otherwise. */
async function rss(server) {
  if (server.collect) {
    process.kill(server.pid, 'SIGUSR2');
    await sleep(1000);
  }
  return rssKib(server.pid);
}

/** What the server has used so far: CPU (user, system, other threads), system calls. */
function usage(pid) {
  const cpu = cpuSplitMicros(pid);
  return { user: cpu.user, system: cpu.system, otherThreads: otherThreadsCpuMicros(pid), ...syscalls(pid) };
}

class IrcClient {
  constructor(server, name) {
    this.server = server;
    this.name = name;
    this.partial = '';
    this.onLine = null;
  }

  /** Registers (PASS account:password when the server checks accounts) and waits for the end of NAMES. */
  register() {
    return new Promise((resolve, reject) => {
      this.socket = connect(this.server.port, '127.0.0.1');
      this.socket.setNoDelay(true);
      this.socket.setEncoding('utf8');
      this.socket.on('error', reject);
      this.socket.on('data', (text) => this.receive(text));
      this.onLine = (line) => {
        if (line.includes(' 366 ')) {
          this.onLine = null;
          resolve(this);
        } else if (line.startsWith('ERROR')) reject(new Error(`${this.server.name} ${this.name}: ${line}`));
      };
      const pass = this.server.pass ? `PASS ${this.name}:${params.password}\r\n` : '';
      this.socket.write(`${pass}NICK ${this.name}\r\nUSER ${this.name} 0 * :${this.name}\r\nJOIN #parley\r\n`);
    });
  }

  receive(text) {
    this.partial = takeLines(this.partial, text, (line) => {
      if (line.startsWith('PING')) this.socket.write(`PONG ${line.slice(5)}\r\n`);
      else this.onLine?.(line);
    });
  }

  send(text) {
    this.socket.write(text);
  }
}

async function registerAll(server, count, concurrency = 32) {
  const clients = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      clients[i] = await new IrcClient(server, `u${i}`).register();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

/** Logs every client into one server; the RSS it holds per idle session, after a collection. */
async function idle(server) {
  const before = await rss(server);
  const started = performance.now();
  server.clients = await registerAll(server, params.receivers + 1);
  const loginSeconds = round((performance.now() - started) / 1000, 2);
  await sleep(2000);
  const after = await rss(server);
  return { sessions: server.clients.length, rssBeforeMib: round(before / 1024, 1), rssPerSessionKib: round((after - before) / server.clients.length, 2), loginSeconds };
}

function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);
  return { p50Ms: round(at(50)), p99Ms: round(at(99)), samples: sorted.length };
}

const latencyOf = (line) => performance.now() - Number(line.slice(line.lastIndexOf(' ') + 1));

/**
 * One server's side of a phase: `sendOne(i)` sends the i-th item, `delivered` counts arrivals
 * (latency recorded while `recording`), `perItem` deliveries are expected per item sent.
 */
function phaseLoad(server, sendOne, perItem) {
  const totals = { seconds: 0, count: 0, user: 0, system: 0, otherThreads: 0, reads: 0, writes: 0 };
  return { server, sendOne, perItem, sent: 0, delivered: 0, latencies: [], recording: false, totals };
}

/** Keeps `rate` items per second due on one server for `ms`, sending every 5 ms; returns how many were sent. */
async function paced(load, rate, ms) {
  const started = performance.now();
  const first = load.sent;
  const timer = setInterval(() => {
    const target = first + Math.floor(((performance.now() - started) / 1000) * rate);
    for (; load.sent < target; load.sent++) load.sendOne(load.sent);
  }, 5);
  await sleep(ms);
  clearInterval(timer);
}

async function drain(loads, limitMs = 5000) {
  const until = performance.now() + limitMs;
  while (loads.some((l) => l.delivered < l.sent * l.perItem) && performance.now() < until) await sleep(20);
}

/** One measured slice of one server: its usage and deliveries over the slice, added to its totals. */
async function measuredSlice(load, rate) {
  const { pid } = load.server;
  const before = { ...usage(pid), delivered: load.delivered, at: performance.now() };
  load.recording = true;
  await paced(load, rate, params.sliceMs);
  const seconds = (performance.now() - before.at) / 1000;
  load.recording = false;
  await drain([load], 1000);
  const after = usage(pid);
  const slice = {
    seconds,
    count: load.delivered - before.delivered,
    user: after.user - before.user,
    system: after.system - before.system,
    otherThreads: after.otherThreads - before.otherThreads,
    reads: after.reads - before.reads,
    writes: after.writes - before.writes,
  };
  for (const key of Object.keys(slice)) load.totals[key] += slice[key];
  return (slice.user + slice.system) / slice.count;
}

/**
 * Warms every server up (unmeasured), then `slices` rounds of one measured slice each, the
 * order reversed every second round. Returns each server's figures and each round's CPU per item.
 */
async function interleaved(loads, rate) {
  for (const load of loads) await paced(load, rate, params.warmupMs);
  await drain(loads);
  const rounds = [];
  for (let k = 0; k < params.slices; k++) {
    const order = k % 2 === 0 ? loads : [...loads].reverse();
    const cpu = {};
    for (const load of order) cpu[load.server.name] = round(await measuredSlice(load, rate), 2);
    rounds.push(cpu);
  }
  await drain(loads);
  const figures = Object.fromEntries(loads.map((load) => [load.server.name, summary(load, rate)]));
  return { figures, rounds };
}

function summary(load, rate) {
  const t = load.totals;
  return {
    offeredPerSecond: rate * load.perItem,
    seconds: round(t.seconds),
    count: t.count,
    perSecond: Math.round(t.count / t.seconds),
    serverCpuMicrosPerItem: round((t.user + t.system) / t.count, 2),
    serverSystemMicrosPerItem: round(t.system / t.count, 2),
    otherThreadsCpuMicrosPerItem: round(t.otherThreads / t.count, 2),
    serverCpuShare: round((t.user + t.system) / 1e6 / t.seconds, 2),
    readsPerItem: round(t.reads / t.count, 2),
    writesPerItem: round(t.writes / t.count, 2),
    latency: latencySummary(load.latencies),
    lost: load.sent * load.perItem - load.delivered,
  };
}

/** Private messages between `pairs` pairs of one server's clients. */
function privateLoad(server) {
  const pairs = [];
  const load = phaseLoad(server, (i) => {
    const { sender, receiver } = pairs[i % pairs.length];
    sender.send(`PRIVMSG ${receiver.name} :${i} ${performance.now().toFixed(3)}\r\n`);
  }, 1);
  for (let p = 0; p < params.pairs; p++) {
    const [sender, receiver] = [server.clients[2 * p + 1], server.clients[2 * p + 2]];
    const marker = ` PRIVMSG ${receiver.name} :`;
    receiver.onLine = (line) => {
      if (!line.includes(marker)) return;
      load.delivered++;
      if (load.recording) load.latencies.push(latencyOf(line));
    };
    pairs.push({ sender, receiver });
  }
  return load;
}

/** Channel messages from one client, delivered to every other client of one server. */
function fanOutLoad(server) {
  const [sender, ...receivers] = server.clients;
  const load = phaseLoad(server, (i) => sender.send(`PRIVMSG #parley :${i} ${performance.now().toFixed(3)}\r\n`), receivers.length);
  for (const receiver of receivers) {
    receiver.onLine = (line) => {
      if (!line.includes(' PRIVMSG #parley :')) return;
      load.delivered++;
      if (load.recording) load.latencies.push(latencyOf(line));
    };
  }
  return load;
}

async function main() {
  await sleep(500);
  const servers = params.servers;
  const result = Object.fromEntries(servers.map((server) => [server.name, {}]));
  for (const server of servers) result[server.name].idle = await idle(server);
  const pm = await interleaved(servers.map(privateLoad), params.pmRate);
  for (const server of servers) for (const client of server.clients) client.onLine = null;
  const fanout = await interleaved(servers.map(fanOutLoad), 1000 / params.intervalMs);
  for (const server of servers) {
    result[server.name].pm = pm.figures[server.name];
    result[server.name].fanout = { receivers: params.receivers, messagesPerSecond: 1000 / params.intervalMs, ...fanout.figures[server.name] };
    for (const client of server.clients) client.socket.destroy();
  }
  return { ...result, slices: { pm: pm.rounds, fanout: fanout.rounds } };
}

main().then(
  (result) => {
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  (error) => {
    process.stderr.write(`irc-load: ${error.stack}\n`);
    process.exit(1);
  },
);
