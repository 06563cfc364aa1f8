// The IRC scenario of `npm run bench`: Parley's IRC listener against the raw node:net IRC
// baseline (bench/irc-baseline-server.mjs) and, where Debian's ngircd is installed, ngircd
// run in the foreground from a config written here, bound to 127.0.0.1. Each server gets the
// same load (bench/irc-load.mjs): 500 idle sessions, paced private messages, paced channel
// messages fanned out to the 500.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

const NGIRCD = '/usr/sbin/ngircd';

/**
 * Runs the scenario: every server started at once on the server core, one load generator
 * against all of them (bench/irc-load.mjs measures in interleaved slices), then every server
 * stopped. `ctx` brings run.mjs's process helpers.
 */
export async function runIrc(ctx, fixtures, work) {
  const { log, plan } = ctx;
  const servers = [];
  try {
    log('bench: IRC: starting Parley, the node:net IRC baseline and (where installed) ngircd ...');
    servers.push({ name: 'parley', pass: true, collect: true, ...(await startParleyIrc(ctx, fixtures)) });
    const baseline = await ctx.startProcess(ctx.serverCore, ['bench/irc-baseline-server.mjs', fixtures.usersFile], { PATH: process.env.PATH }, /listening on (\d+)/);
    servers.push({ name: 'baseline', pass: true, collect: true, ...baseline });
    if (existsSync(NGIRCD)) servers.push({ name: 'ngircd', pass: false, collect: false, ...(await startNgircd(ctx, work)) });
    else log(`bench: ngircd is not installed (${NGIRCD}); apt-get install ngircd to compare with it`);
    log(`bench: IRC load: ${plan.irc.slices} slices of ${plan.irc.sliceMs} ms per server and phase, interleaved ...`);
    const result = await ctx.runLoad(servers, { ...plan.irc, password: ctx.password });
    return { ...result, ngircd: result.ngircd ?? null, rounds: sliceRatios(result.slices), adminRequest: ctx.adminRequest };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * Parley with its IRC listener. With --admin-request, one GET /metrics first, as a monitoring
 * scrape would: serving HTTP gives Node's socket code more hidden classes to see, which makes
 * some of its property loads for every socket megamorphic (docs/PERFORMANCE.md, IRC sixth pass).
 */
async function startParleyIrc(ctx, fixtures) {
  const httpPort = ctx.adminRequest ? await freePort() : 0;
  const server = await ctx.startParley(fixtures.cheapDb, { ready: /irc listening on 127\.0\.0\.1:(\d+)/, httpPort });
  if (ctx.adminRequest) {
    const response = await fetch(`http://127.0.0.1:${httpPort}/metrics`);
    if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
    await response.text();
  }
  return server;
}

/** Each slice round's CPU ratios: Parley ÷ the baseline and ÷ ngircd, per private message and per fan-out delivery. */
function sliceRatios(slices) {
  const over = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? Number((a / b).toFixed(2)) : null);
  return slices.pm.map((pm, k) => {
    const fanout = slices.fanout[k] ?? {};
    return {
      pm: over(pm.parley, pm.baseline),
      pmNgircd: over(pm.parley, pm.ngircd),
      fanout: over(fanout.parley, fanout.baseline),
      fanoutNgircd: over(fanout.parley, fanout.ngircd),
    };
  });
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** ngircd in the foreground (-n) on a free loopback port, without flood penalties or per-address limits. */
async function startNgircd(ctx, work) {
  const port = await freePort();
  const config = join(work, 'ngircd.conf');
  writeFileSync(
    config,
    [
      '[Global]',
      'Name = ngircd.bench',
      'Info = bench',
      'Listen = 127.0.0.1',
      `Ports = ${port}`,
      '[Limits]',
      'MaxConnections = 0',
      'MaxConnectionsIP = 0',
      'MaxJoins = 0',
      'MaxNickLength = 32',
      'MaxPenaltyTime = 0',
      'PingTimeout = 600',
      '[Options]',
      'DNS = no',
      'Ident = no',
      'PAM = no',
      '',
    ].join('\n'),
  );
  const [command, argv] = ctx.pin(ctx.serverCore, NGIRCD, ['-n', '-f', config]);
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  ctx.track(child);
  let output = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => (output += text));
  await waitForPort(port, () => output);
  // taskset execs ngircd: the child's pid is ngircd's.
  return { pid: child.pid, port, child, stop: () => ctx.stopProcess(child) };
}

async function waitForPort(port, output) {
  const until = Date.now() + 20_000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`ngircd did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The target rows of the IRC scenario (SPEC issue 11: ≤ 1.3× and ≤ 1.5× the baseline, within 1.5× of ngircd). */
export function ircTargets(s, row) {
  const rows = [
    row('IRC: server CPU per private message', s.parley.pm.serverCpuMicrosPerItem, s.baseline.pm.serverCpuMicrosPerItem, '≤ 1.3×', (r) => r <= 1.3, 'µs'),
    row(`IRC: server CPU per fan-out delivery (${s.parley.fanout.receivers} receivers)`, s.parley.fanout.serverCpuMicrosPerItem, s.baseline.fanout.serverCpuMicrosPerItem, '≤ 1.5×', (r) => r <= 1.5, 'µs'),
  ];
  if (s.ngircd) {
    rows.push(row('IRC: server CPU per private message vs ngircd', s.parley.pm.serverCpuMicrosPerItem, s.ngircd.pm.serverCpuMicrosPerItem, '≤ 1.5×', (r) => r <= 1.5, 'µs'));
    rows.push(row('IRC: server CPU per fan-out delivery vs ngircd', s.parley.fanout.serverCpuMicrosPerItem, s.ngircd.fanout.serverCpuMicrosPerItem, '≤ 1.5×', (r) => r <= 1.5, 'µs'));
  }
  return rows;
}

export function renderIrc(s, plan, table) {
  const servers = [['Parley', s.parley], ['node:net baseline', s.baseline], ...(s.ngircd ? [['ngircd', s.ngircd]] : [])];
  const rows = [
    ['RSS per idle IRC session (KiB)', (r) => r.idle.rssPerSessionKib],
    ['registering all sessions (s)', (r) => r.idle.loginSeconds],
    [`private messages at ${plan.irc.pmRate}/s: delivered/s`, (r) => r.pm.perSecond],
    ['private messages: server CPU µs/msg', (r) => r.pm.serverCpuMicrosPerItem],
    ['private messages: of which in the kernel (system time)', (r) => r.pm.serverSystemMicrosPerItem ?? '-'],
    ['  of which threads other than the main one (V8 compiler and GC helpers)', (r) => r.pm.otherThreadsCpuMicrosPerItem],
    ['private messages: p50 / p99 latency (ms)', (r) => `${r.pm.latency.p50Ms} / ${r.pm.latency.p99Ms}`],
    ['private messages: server reads / writes per message', (r) => `${r.pm.readsPerItem ?? '-'} / ${r.pm.writesPerItem ?? '-'}`],
    ['private messages: lost', (r) => r.pm.lost],
    [`fan-out, 1 message every ${plan.irc.intervalMs} ms: deliveries/s`, (r) => r.fanout.perSecond],
    ['fan-out: server CPU µs/delivery', (r) => r.fanout.serverCpuMicrosPerItem],
    ['fan-out: p50 / p99 latency (ms)', (r) => `${r.fanout.latency.p50Ms} / ${r.fanout.latency.p99Ms}`],
    ['fan-out: server reads / writes per delivery', (r) => `${r.fanout.readsPerItem ?? '-'} / ${r.fanout.writesPerItem ?? '-'}`],
    ['fan-out: lost', (r) => r.fanout.lost],
  ];
  return (
    `\n### 7. IRC (${plan.irc.receivers + 1} IRC sessions, ${plan.irc.pairs} pairs)\n\n` +
    'Idle RSS is after a full collection for the Node servers and as is for ngircd (C, no collector). ngircd runs without flood penalties (MaxPenaltyTime = 0) and checks no accounts. ' +
    'Reads and writes per item are the server\'s system calls (/proc/PID/io): about 1 / 1 per private message when it keeps up; fewer when it fell behind and handled several at once, which also lowers its CPU per item, so a ratio between runs with different counts compares different work.\n\n' +
    table(['figure', ...servers.map(([name]) => name)], rows.map(([label, get]) => [label, ...servers.map(([, r]) => get(r) ?? '-')])) +
    roundsNote(s.rounds) +
    (s.adminRequest ? '\n\nParley served one GET /metrics before the load (--admin-request).' : '')
  );
}

/** The ratios of each slice round (the figures above are over all of them). */
function roundsNote(rounds) {
  if (!Array.isArray(rounds) || rounds.length < 2) return '';
  const list = (key) => rounds.map((r) => r[key] ?? '-').join(', ');
  return (
    `\n\nThe servers run side by side on one core and get the load in turn, in ${rounds.length} rounds of one slice each (the order reversed every second round), ` +
    'so that a change in the shared machine\'s speed lands on every server within seconds; each figure is over all of its slices. ' +
    `Parley ÷ baseline per round: ${list('pm')} per private message, ${list('fanout')} per fan-out delivery; ÷ ngircd: ${list('pmNgircd')} and ${list('fanoutNgircd')}.`
  );
}
