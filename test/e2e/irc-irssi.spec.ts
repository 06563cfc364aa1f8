import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineClient } from '../support/line-client';
import { addUsers, passwordOf, removeDataDir, startServer, TestServer } from '../support/test-server';

const missing = ['irssi', 'tmux'].filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
if (missing.length > 0) console.warn(`irc-irssi.spec: skipping: ${missing.join(' and ')} not installed (apt-get install -y irssi tmux).`);
const describeWithIrssi = missing.length > 0 ? describe.skip : describe;

/** irssi in a detached tmux session on a private tmux server (its own socket), driven with send-keys and read with capture-pane. */
class IrssiInTmux {
  private readonly socket = `parley-test-${process.pid}-${Date.now()}`;
  private readonly home = mkdtempSync(join(tmpdir(), 'parley-irssi-'));

  start(port: number, nick: string, password: string): void {
    // A temporary --home: no user configuration is read or written.
    const command = `TERM=tmux irssi --home=${this.home} -c 127.0.0.1 -p ${port} -n ${nick} -w ${nick}:${password}`;
    this.tmux('new-session', '-d', '-s', 'irssi', '-x', '200', '-y', '50', command);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'irssi', '-l', text);
    this.tmux('send-keys', '-t', 'irssi', 'Enter');
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'irssi', '-S', '-200');
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`irssi never showed ${pattern}; screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  stop(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
    // kill-server leaves the socket file of the private tmux server behind.
    const uid = process.getuid?.() ?? 0;
    rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${uid}`, this.socket), { force: true });
    rmSync(this.home, { recursive: true, force: true });
  }

  private tmux(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  }
}

describeWithIrssi('irssi (in tmux) and a telnet user', () => {
  let server: TestServer;
  let irssi: IrssiInTmux;
  let bob: LineClient | undefined;

  beforeAll(async () => {
    server = await startServer();
    await addUsers(server, 'alice', 'bob');
  });
  afterAll(async () => {
    bob?.close();
    irssi?.stop();
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('logs in with its server password, sees a telnet broadcast, and sends a private message the telnet user receives', async () => {
    bob = await LineClient.login(server.port, 'bob', passwordOf('bob'));
    irssi = new IrssiInTmux();
    irssi.start(server.ircPort, 'alice', passwordOf('alice'));
    await bob.expectLine(/^\*\*\* alice has logged in$/, 15_000);
    await irssi.waitFor(/Welcome to the Parley IRC network, alice/);
    irssi.type('/window 2');
    await irssi.waitFor(/\[#parley/);
    bob.send('broadcast hello from telnet');
    await irssi.waitFor(/< ?bob> hello from telnet/);
    irssi.type('/msg bob hi bob, irssi here');
    await bob.expectLine(/^alice: hi bob, irssi here$/);
    irssi.type('/me waves');
    await bob.expectLine(/^alice \(broadcast\): \* alice waves$/);
    bob.send('message alice a private reply');
    irssi.type('/query bob');
    await irssi.waitFor(/< ?bob> a private reply/);
    irssi.type('/quit');
    await bob.expectLine(/^\*\*\* alice has logged out$/);
  }, 60_000);
});
