import { randomBytes } from 'node:crypto';
import { connect, Socket } from 'node:net';
import { LineClient } from '../support/line-client';
import { settledHeapMb } from '../support/heap';
import { addUsers, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const FUZZ_MS = 6000;
const BYTE_FUZZERS = 15;
const COMMAND_FUZZERS = 15;

/** A small seeded generator, so a failing run can be replayed from the seed it prints. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('live fuzzing', () => {
  let server: TestServer;
  const seed = Date.now() % 1_000_000;
  const rand = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const users = Array.from({ length: COMMAND_FUZZERS }, (_, i) => `fuzz${i}`);

  beforeAll(async () => {
    server = await startServer();
    await addUsers(server, ...users, 'clean1', 'clean2', 'clean3');
  });
  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  const nasty = ['', ' ', '\u001b[2J', '\u001b]0;x\u0007', '\u0000', '\u00ff', 'é', '日本', '😀', '\t', '\u202e', 'x'.repeat(300)];
  function text(): string {
    let result = '';
    const parts = Math.floor(rand() * 6);
    for (let i = 0; i < parts; i++) result += pick(nasty) + pick(['a', 'hello', ' ', 'word']);
    return result;
  }
  function commandLine(): string {
    const target = pick([...users, 'clean1', 'nobody', 'FUZZ1', '', 'a'.repeat(40)]);
    switch (Math.floor(rand() * 12)) {
      case 0:
        return `broadcast ${text()}`;
      case 1:
      case 2:
        return `message ${target} ${text()}`;
      case 3:
        return `block ${target}`;
      case 4:
        return `unblock ${target}`;
      case 5:
        return pick(['whoelse', 'wholasthr', 'help', 'WHOELSE', '   whoelse   ']);
      case 6:
        return 'x'.repeat(3000 + Math.floor(rand() * 3000));
      case 7:
        return randomBytes(Math.floor(rand() * 100)).toString('latin1');
      case 8:
        return pick(['message', 'broadcast', 'block', 'frobnicate', '']);
      case 9:
        return rand() < 0.1 ? 'logout' : 'whoelse';
      default:
        return `message ${target} ${text()}`;
    }
  }

  /** Connects, then keeps sending until `until`; reconnects when the server closes it. */
  async function fuzzer(until: number, localAddress: string, run: (socket: Socket) => Promise<void>): Promise<number> {
    let connections = 0;
    while (Date.now() < until) {
      const socket = connect({ port: server.port, host: '127.0.0.1', localAddress });
      socket.on('error', () => {});
      connections++;
      await run(socket).catch(() => undefined);
      socket.destroy();
    }
    return connections;
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  function bytesFuzzer(until: number, index: number): Promise<number> {
    const reads = index % 3 !== 0;
    return fuzzer(until, `127.0.2.${index + 1}`, async (socket) => {
      if (!reads) socket.pause();
      else socket.on('data', () => {});
      while (!socket.destroyed && Date.now() < until) {
        const chunk = randomBytes(1 + Math.floor(rand() * 2000));
        // Plenty of line ends and IACs, so lines and telnet states actually happen.
        for (let i = 0; i < chunk.length; i += 7) chunk[i] = pick([0x0a, 0x0d, 0xff, 0x20, 0x61]);
        socket.write(chunk);
        await sleep(10 + rand() * 40);
      }
    });
  }

  function commandFuzzer(until: number, name: string, index: number): Promise<number> {
    return fuzzer(until, `127.0.1.${index + 1}`, async (socket) => {
      socket.on('data', () => {});
      socket.write(`${name}\r\n${passwordOf(name)}\r\n`);
      while (!socket.destroyed && Date.now() < until) {
        const burst = 1 + Math.floor(rand() * (rand() < 0.05 ? 200 : 8));
        let lines = '';
        for (let i = 0; i < burst; i++) lines += commandLine() + pick(['\r\n', '\n', '\r']);
        socket.write(lines);
        await sleep(20 + rand() * 200);
      }
    });
  }

  it('survives random bytes and command mixes, then serves a clean client correctly with memory back near baseline', async () => {
    // Warm up the paths the fuzzers use, so the baseline includes what any server has loaded.
    const warm = await LineClient.login(server.port, 'clean3', passwordOf('clean3'));
    warm.send('whoelse');
    await warm.expectLine(/^Online: /);
    warm.close();
    const baselineMb = await settledHeapMb();

    const until = Date.now() + FUZZ_MS;
    const runs = [
      ...Array.from({ length: BYTE_FUZZERS }, (_, i) => bytesFuzzer(until, i)),
      ...users.map((name, i) => commandFuzzer(until, name, i)),
    ];
    const connections = (await Promise.all(runs)).reduce((sum, count) => sum + count, 0);
    const peakMb = process.memoryUsage().heapUsed / 1024 / 1024;
    await sleep(3000); // the server notices every close and ends every session

    const alice = await LineClient.login(server.port, 'clean1', passwordOf('clean1'));
    const bob = await LineClient.login(server.port, 'clean2', passwordOf('clean2'));
    await alice.expectLine(/^\*\*\* clean2 has logged in$/);
    alice.send('whoelse');
    // Every fuzzing session has ended: only the clean users are online.
    expect(await alice.expectLine(/^Online: /)).toBe('Online: clean2');
    alice.send('message clean2 still here \u001b[31mred');
    expect(await bob.expectLine(/^clean1: /)).toBe('clean1: still here red');
    bob.send('broadcast and everyone');
    await alice.expectLine(/^clean2 \(broadcast\): and everyone$/);
    alice.send('message clean3 for later');
    await alice.expectLine(/^clean3 is offline; your message was stored\.$/);
    alice.close();
    bob.close();
    await sleep(200);

    const afterMb = await settledHeapMb();
    console.log(
      `live fuzz: seed ${seed}, ${BYTE_FUZZERS + COMMAND_FUZZERS} clients, ${FUZZ_MS / 1000} s, ${connections} connections; ` +
        `heap ${baselineMb.toFixed(1)} MB before, ${peakMb.toFixed(1)} MB at the end of the fuzzing, ${afterMb.toFixed(1)} MB after`,
    );
    expect(afterMb - baselineMb).toBeLessThan(15);
  }, 60_000);
});
