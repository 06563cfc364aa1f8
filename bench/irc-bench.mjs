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
 * Runs the scenario against every server; `ctx` brings run.mjs's process helpers. A round runs
 * each server once, one after another; each figure is its median over the rounds, so that a
 * change in the shared machine's load during one server's run moves the ratios less. The
 * ratios of each round are kept beside the medians.
 */
export async function runIrc(ctx, fixtures, work) {
  const rounds = [];
  for (let i = 0; i < ctx.plan.irc.rounds; i++) {
    if (ctx.plan.irc.rounds > 1) ctx.log(`bench: IRC round ${i + 1} of ${ctx.plan.irc.rounds}`);
    rounds.push(await runRound(ctx, fixtures, work, i % 2 === 1));
  }
  return { ...ctx.median(rounds), rounds: rounds.map(roundRatios), adminRequest: ctx.adminRequest };
}

/** One run of each server; `baselineFirst` swaps the first two, so a drift in the machine's load favours neither. */
async function runRound(ctx, fixtures, work, baselineFirst) {
  const { plan, log } = ctx;
  const params = { ...plan.irc, password: ctx.password };
  const result = {};
  const runParley = async () => {
    log('bench: IRC against Parley ...');
    result.parley = await ctx.against(() => startParleyIrc(ctx, fixtures), { ...params, pass: true, collect: true });
  };
  const runBaseline = async () => {
    log('bench: IRC against the node:net IRC baseline ...');
    const baseline = () => ctx.startProcess(ctx.serverCore, ['bench/irc-baseline-server.mjs', fixtures.usersFile], { PATH: process.env.PATH }, /listening on (\d+)/);
    result.baseline = await ctx.against(baseline, { ...params, pass: true, collect: true });
  };
  for (const run of baselineFirst ? [runBaseline, runParley] : [runParley, runBaseline]) await run();
  if (existsSync(NGIRCD)) {
    log('bench: IRC against ngircd ...');
    result.ngircd = await ctx.against(() => startNgircd(ctx, work), { ...params, pass: false, collect: false });
  } else {
    result.ngircd = null;
    log(`bench: ngircd is not installed (${NGIRCD}); apt-get install ngircd to compare with it`);
  }
  return result;
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

/** One round's CPU ratios: Parley ÷ the baseline and ÷ ngircd, per private message and per fan-out delivery. */
function roundRatios(r) {
  const cpu = (server, phase) => server?.[phase].serverCpuMicrosPerItem;
  const over = (a, b) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? Number((a / b).toFixed(2)) : null);
  return {
    pm: over(cpu(r.parley, 'pm'), cpu(r.baseline, 'pm')),
    pmNgircd: over(cpu(r.parley, 'pm'), cpu(r.ngircd, 'pm')),
    fanout: over(cpu(r.parley, 'fanout'), cpu(r.baseline, 'fanout')),
    fanoutNgircd: over(cpu(r.parley, 'fanout'), cpu(r.ngircd, 'fanout')),
  };
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

/** The ratios of each round, when there was more than one (the figures above are medians). */
function roundsNote(rounds) {
  if (!Array.isArray(rounds) || rounds.length < 2) return '';
  const list = (key) => rounds.map((r) => r[key] ?? '-').join(', ');
  return (
    `\n\nEach figure is the median of ${rounds.length} rounds, each running every server once in turn. Parley ÷ baseline per round: ` +
    `${list('pm')} per private message, ${list('fanout')} per fan-out delivery; ÷ ngircd: ${list('pmNgircd')} and ${list('fanoutNgircd')}.`
  );
}
