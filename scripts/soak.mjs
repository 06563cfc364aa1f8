#!/usr/bin/env node
// Soak test: runs a real `parley server` (from dist/) with mixed traffic from N clients for M
// minutes, then reports errors, server memory over time and latency percentiles.
// Usage: npm run soak -- --clients 50 --minutes 2 [--rate 2]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    minutes: { type: 'string', default: '2' },
    rate: { type: 'string', default: '2' },
  },
});
const CLIENTS = Number(values.clients);
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate); // commands per second per client
if (!(CLIENTS >= 2 && MINUTES > 0 && RATE > 0)) {
  console.error('usage: npm run soak -- --clients N (>= 2) --minutes M [--rate COMMANDS_PER_SECOND_PER_CLIENT]');
  process.exit(2);
}
const OFFLINE = 20;
const SAMPLE_MS = 10_000;

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'parley-soak-'));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PARLEY_DATA_DIR: dataDir,
  PARLEY_ADMIN_PASSWORD: 'soak-admin',
  PARLEY_ARGON2_MEMORY_KIB: '1024',
  PARLEY_ARGON2_TIME_COST: '1',
  // Every soak client comes from this one machine.
  PARLEY_LINE_MAX_CONNECTIONS_PER_ADDRESS: String(CLIENTS + 10),
  PARLEY_LINE_MAX_CONNECTIONS: String(Math.max(1000, CLIENTS + 10)),
};

const online = Array.from({ length: CLIENTS }, (_, i) => `soak${i}`);
const offline = Array.from({ length: OFFLINE }, (_, i) => `away${i}`);
const password = (name) => `${name}-pw`;

const stats = { sent: 0, received: 0, errors: [], disconnects: 0, reply: [], delivery: [], stored: 0, handovers: 0 };
const memory = [];

function importUsers() {
  const file = join(dataDir, 'users.txt');
  writeFileSync(file, [...online, ...offline].map((name) => `${name} ${password(name)}`).join('\n') + '\n');
  const result = spawnSync(process.execPath, [main, 'import', '--users', file], { env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`import failed: ${result.stderr || result.stdout}`);
}

function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, 'server', '127.0.0.1', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (text) => {
      output += text;
      const match = /line protocol listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (text) => process.stderr.write(text));
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

function rssMb(pid) {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
    return kb / 1024;
  } catch {
    const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
    return Number(ps.stdout.trim()) / 1024;
  }
}

/** A logged-in soak client: sends mixed commands and measures what comes back. */
class Client {
  constructor(name, port) {
    this.name = name;
    this.port = port;
    this.buffer = '';
    this.pendingReplies = []; // send times of whoelse/wholasthr, answered in order
    this.blocked = new Set();
    this.closedByUs = false;
  }

  login() {
    return new Promise((resolve, reject) => {
      this.socket = connect({ port: this.port, host: '127.0.0.1' }, () => {
        this.socket.write(`${this.name}\r\n${password(this.name)}\r\n`);
      });
      this.socket.setEncoding('latin1');
      this.onWelcome = resolve;
      this.socket.on('data', (text) => this.receive(text));
      this.socket.on('error', reject);
      this.socket.on('close', () => {
        if (!this.closedByUs) stats.disconnects++;
      });
    });
  }

  receive(text) {
    this.buffer += text.replace(/\xff[\xfb-\xfe][\s\S]/g, '');
    let end;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/^(?:Username: |Password: )+/, '');
      this.buffer = this.buffer.slice(end + 2);
      this.line(line);
    }
  }

  line(line) {
    stats.received++;
    const now = performance.now();
    if (line.startsWith('Welcome, ')) return this.onWelcome?.();
    if (line.startsWith('Error: ')) return stats.errors.push(`${this.name}: ${line}`);
    if (line.startsWith('Online: ') || line.startsWith('Last hour: ')) {
      const sentAt = this.pendingReplies.shift();
      if (sentAt !== undefined) stats.reply.push(now - sentAt);
      return;
    }
    if (/ was stored\.$/.test(line)) return void stats.stored++;
    const stamp = /\bt=(\d+(?:\.\d+)?)\b/.exec(line);
    if (stamp) stats.delivery.push(now - Number(stamp[1]));
  }

  send(line) {
    stats.sent++;
    this.socket.write(line + '\r\n');
  }

  act() {
    const roll = Math.random();
    // Anyone online but this client.
    const self = online.indexOf(this.name);
    const peer = online[(self + 1 + Math.floor(Math.random() * (online.length - 1))) % online.length];
    const stamp = `t=${performance.now().toFixed(3)}`;
    if (roll < 0.3) return this.send(`broadcast ${stamp} hello from ${this.name}`);
    if (roll < 0.7) return this.send(`message ${peer} ${stamp} private hello`);
    if (roll < 0.75) return this.send(`message ${offline[Math.floor(Math.random() * OFFLINE)]} kept for later`);
    if (roll < 0.95) {
      this.pendingReplies.push(performance.now());
      return this.send(roll < 0.9 ? 'whoelse' : 'wholasthr');
    }
    if (this.blocked.delete(peer)) return this.send(`unblock ${peer}`);
    this.blocked.add(peer);
    this.send(`block ${peer}`);
  }

  close() {
    this.closedByUs = true;
    this.socket.end('logout\r\n');
  }
}

/** Logs an offline user in and out: their stored messages are handed over. */
async function drain(port, name) {
  const client = new Client(name, port);
  await client.login();
  await new Promise((resolve) => setTimeout(resolve, 500));
  client.close();
  stats.handovers++;
}

function percentile(samples, p) {
  if (samples.length === 0) return NaN;
  const sorted = Float64Array.from(samples).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function latencyLine(label, samples) {
  const f = (v) => v.toFixed(1).padStart(7);
  return `${label.padEnd(26)} n=${String(samples.length).padStart(8)}  p50 ${f(percentile(samples, 50))}  p90 ${f(percentile(samples, 90))}  p99 ${f(percentile(samples, 99))}  max ${f(percentile(samples, 100))}  ms`;
}

async function run() {
  spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit', cwd: join(dirname(main), '..') });
  importUsers();
  const { child, port } = await startServer();
  let serverExit;
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve((serverExit = { code, signal }))));
  console.log(`soak: ${CLIENTS} clients, ${MINUTES} min, ${RATE} commands/s each, server pid ${child.pid} on port ${port}`);

  const started = performance.now();
  const sample = () => {
    const entry = { at: (performance.now() - started) / 1000, rssMb: rssMb(child.pid) };
    memory.push(entry);
    console.log(`  t=${entry.at.toFixed(0).padStart(4)} s  server RSS ${entry.rssMb.toFixed(1)} MB  sent ${stats.sent}  received ${stats.received}  errors ${stats.errors.length}`);
  };
  sample();

  const clients = online.map((name) => new Client(name, port));
  await Promise.all(clients.map((client) => client.login()));
  console.log(`  all ${CLIENTS} logged in after ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const timers = clients.map((client) =>
    setInterval(() => client.act(), 1000 / RATE + (Math.random() - 0.5) * (200 / RATE)),
  );
  let drained = 0;
  const drainer = setInterval(() => drain(port, offline[drained++ % OFFLINE]).catch((e) => stats.errors.push(`drain: ${e.message}`)), 5000);
  const sampler = setInterval(sample, SAMPLE_MS);

  await new Promise((resolve) => setTimeout(resolve, MINUTES * 60_000));
  timers.forEach(clearInterval);
  clearInterval(drainer);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // replies in flight
  clearInterval(sampler);
  sample();
  clients.forEach((client) => client.close());
  await new Promise((resolve) => setTimeout(resolve, 1000));
  sample();

  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });

  const seconds = MINUTES * 60;
  console.log('\nsoak results');
  console.log(`clients ${CLIENTS}, duration ${seconds} s, commands sent ${stats.sent} (${(stats.sent / seconds).toFixed(0)}/s), lines received ${stats.received}`);
  console.log(`stored-message acks ${stats.stored}, handovers ${stats.handovers}`);
  console.log(`errors ${stats.errors.length}, unexpected disconnects ${stats.disconnects}`);
  for (const error of stats.errors.slice(0, 10)) console.log(`  ${error}`);
  console.log(latencyLine('delivery (message, bcast)', stats.delivery));
  console.log(latencyLine('reply (whoelse, wholasthr)', stats.reply));
  const rss = memory.map((entry) => entry.rssMb);
  console.log(`server RSS MB: start ${rss[0].toFixed(1)}, peak ${Math.max(...rss).toFixed(1)}, end ${rss[rss.length - 1].toFixed(1)}`);
  console.log(`server exit: code ${serverExit.code}${serverExit.signal ? `, signal ${serverExit.signal}` : ''}`);
  const ok = stats.errors.length === 0 && stats.disconnects === 0 && serverExit.code === 0;
  process.exit(ok ? 0 : 1);
}

run().catch((error) => {
  console.error(`soak failed: ${error.stack ?? error}`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
