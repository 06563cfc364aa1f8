// The IRC load generator: one run against one IRC server (Parley, the raw node:net IRC
// baseline, or ngircd) over real TCP.
//
//   node bench/irc-load.mjs '{"port":6667,"serverPid":123,"password":"pw","pass":true,...}'
//
// Logs in `receivers + 1` clients (RSS per idle session), then paced private messages between
// `pairs` pairs, then paced messages to the channel from one sender to every other client.
// Prints one JSON object on stdout. Server CPU and RSS come from /proc/PID.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { takeLines } from './crlf-lines.mjs';
import { cpuSplitMicros, otherThreadsCpuMicros } from './proc-cpu.mjs';

const params = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value, digits = 3) => (value === null ? null : Number(value.toFixed(digits)));

const serverCpu = () => cpuSplitMicros(params.serverPid);

/** Read and write system calls the server has made (/proc/PID/io): one of each per message unless it batches. */
function serverSyscalls() {
  const io = readFileSync(`/proc/${params.serverPid}/io`, 'utf8');
  return { reads: Number(/syscr: (\d+)/.exec(io)[1]), writes: Number(/syscw: (\d+)/.exec(io)[1]) };
}

function serverRssKib() {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${params.serverPid}/status`, 'utf8'))[1]);
}

/** RSS after a full collection where the server is Node (SIGUSR2, gc-on-signal.cjs); as is otherwise. */
async function rss() {
  if (params.collect) {
    process.kill(params.serverPid, 'SIGUSR2');
    await sleep(1000);
  }
  return serverRssKib();
}

class IrcClient {
  constructor(name) {
    this.name = name;
    this.partial = '';
    this.onLine = null;
  }

  /** Registers (PASS account:password when the server checks accounts) and waits for the end of NAMES. */
  register() {
    return new Promise((resolve, reject) => {
      this.socket = connect(params.port, '127.0.0.1');
      this.socket.setNoDelay(true);
      this.socket.setEncoding('utf8');
      this.socket.on('error', reject);
      this.socket.on('data', (text) => this.receive(text));
      this.onLine = (line) => {
        if (line.includes(' 366 ')) {
          this.onLine = null;
          resolve(this);
        } else if (line.startsWith('ERROR')) reject(new Error(`${this.name}: ${line}`));
      };
      const pass = params.pass ? `PASS ${this.name}:${params.password}\r\n` : '';
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

async function registerAll(count, concurrency = 32) {
  const clients = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      clients[i] = await new IrcClient(`u${i}`).register();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return clients;
}

function latencySummary(samples) {
  const sorted = Float64Array.from(samples).sort();
  const at = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : null);
  return { p50Ms: round(at(50)), p99Ms: round(at(99)), samples: sorted.length };
}

const latencyOf = (line) => performance.now() - Number(line.slice(line.lastIndexOf(' ') + 1));

/** Runs `tick` every 5 ms to keep `rate` items per second due; measures a steady window of `counter`. */
async function paced(rate, sendOne, counter, latencies) {
  const started = performance.now();
  let due = 0;
  const timer = setInterval(() => {
    const target = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; due < target; due++) sendOne(due);
  }, 5);
  await sleep(params.warmupMs);
  latencies.recording = true;
  const start = { cpu: serverCpu(), otherThreads: otherThreadsCpuMicros(params.serverPid), syscalls: serverSyscalls(), at: performance.now(), count: counter() };
  await sleep(params.durationMs);
  const seconds = (performance.now() - start.at) / 1000;
  const count = counter() - start.count;
  const end = serverCpu();
  const system = end.system - start.cpu.system;
  const cpu = end.user - start.cpu.user + system;
  const otherThreads = otherThreadsCpuMicros(params.serverPid) - start.otherThreads;
  const syscalls = serverSyscalls();
  clearInterval(timer);
  latencies.recording = false;
  return { seconds: round(seconds), count, perSecond: Math.round(count / seconds), serverCpuMicrosPerItem: round(cpu / count, 2), serverSystemMicrosPerItem: round(system / count, 2), otherThreadsCpuMicrosPerItem: round(otherThreads / count, 2), serverCpuShare: round(cpu / 1e6 / seconds, 2), sent: due,
    readsPerItem: round((syscalls.reads - start.syscalls.reads) / count, 2), writesPerItem: round((syscalls.writes - start.syscalls.writes) / count, 2) };
}

async function drain(done, limitMs = 5000) {
  const until = performance.now() + limitMs;
  while (!done() && performance.now() < until) await sleep(20);
}

async function privateMessages(clients) {
  let delivered = 0;
  const latencies = [];
  const pairs = [];
  for (let p = 0; p < params.pairs; p++) {
    const [sender, receiver] = [clients[2 * p + 1], clients[2 * p + 2]];
    const marker = ` PRIVMSG ${receiver.name} :`;
    receiver.onLine = (line) => {
      if (!line.includes(marker)) return;
      delivered++;
      if (latencies.recording) latencies.push(latencyOf(line));
    };
    pairs.push({ sender, receiver });
  }
  const send = (i) => {
    const { sender, receiver } = pairs[i % pairs.length];
    sender.send(`PRIVMSG ${receiver.name} :${i} ${performance.now().toFixed(3)}\r\n`);
  };
  const result = await paced(params.pmRate, send, () => delivered, latencies);
  await drain(() => delivered === result.sent);
  for (const { receiver } of pairs) receiver.onLine = null;
  return { offeredPerSecond: params.pmRate, ...result, latency: latencySummary(latencies), lost: result.sent - delivered };
}

async function fanOut(clients) {
  const [sender, ...receivers] = clients;
  let delivered = 0;
  const latencies = [];
  for (const receiver of receivers) {
    receiver.onLine = (line) => {
      if (!line.includes(' PRIVMSG #parley :')) return;
      delivered++;
      if (latencies.recording) latencies.push(latencyOf(line));
    };
  }
  const rate = 1000 / params.intervalMs;
  const send = (i) => sender.send(`PRIVMSG #parley :${i} ${performance.now().toFixed(3)}\r\n`);
  const result = await paced(rate, send, () => delivered, latencies);
  await drain(() => delivered === result.sent * receivers.length);
  return { receivers: receivers.length, messagesPerSecond: rate, ...result, latency: latencySummary(latencies), lost: result.sent * receivers.length - delivered };
}

async function main() {
  await sleep(500);
  const before = await rss();
  const started = performance.now();
  const clients = await registerAll(params.receivers + 1);
  const loginSeconds = round((performance.now() - started) / 1000, 2);
  await sleep(2000);
  const after = await rss();
  const idle = { sessions: clients.length, rssBeforeMib: round(before / 1024, 1), rssPerSessionKib: round((after - before) / clients.length, 2), loginSeconds };
  const pm = await privateMessages(clients);
  const fanout = await fanOut(clients);
  for (const client of clients) client.socket.destroy();
  return { idle, pm, fanout };
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
