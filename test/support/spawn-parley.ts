import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { makeDataDir, removeDataDir } from './test-server';
import { Arrivals } from './arrivals';
import { databaseUrlFor } from './test-database';

/** The built CLI; `npm test` builds before jest runs. */
export const PARLEY_MAIN = resolve(__dirname, '..', '..', 'dist', 'main.js');

/** Generous enough for a cold Node + Nest start on a loaded two-core machine. */
export const START_TIMEOUT_MS = 20_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunResult extends ExitStatus {
  stdout: string;
  stderr: string;
}

/**
 * A clean environment for a spawned `parley`: nothing from the test runner's PARLEY_* leaks
 * in (an unknown one would stop the start), the database of `dataDir` (SQLite in it, or its
 * PostgreSQL database), cheap argon2 costs, and ephemeral line, IRC and HTTP ports.
 */
export function parleyEnv(dataDir: string, settings: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    PARLEY_DATA_DIR: dataDir,
    PARLEY_DATABASE_URL: databaseUrlFor(dataDir),
    PARLEY_LINE_PORT: '0',
    PARLEY_HTTP_PORT: '0',
    PARLEY_IRC_PORT: '0',
    PARLEY_ARGON2_MEMORY_KIB: '1024',
    PARLEY_ARGON2_TIME_COST: '1',
    ...settings,
  };
}

/** Only what Node needs to run: for commands that read no configuration (`client`). */
export function baseEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME };
}

/** Every process spawned by this module and not yet reaped, so a test file can kill them all. */
const live = new Set<ParleyProcess>();

/** A running `node dist/main.js ...`: collects its output and lets a test wait on it in order. */
export class ParleyProcess {
  stdout = '';
  stderr = '';
  /** Set once the process has exited and its output streams have closed. */
  status: ExitStatus | undefined;
  readonly exited: Promise<ExitStatus>;
  private readonly stdoutLines: string[] = [];
  private partialLine = '';
  private readonly arrivals = new Arrivals();

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => this.receive(text));
    child.stderr.on('data', (text: string) => {
      this.stderr += text;
      this.arrivals.wake();
    });
    // Writing to a process that has just exited is not the test's failure.
    child.stdin.on('error', () => {});
    this.exited = new Promise((resolveExit) => {
      const done = (status: ExitStatus) => {
        if (this.status) return;
        if (this.partialLine) this.stdoutLines.push(this.partialLine);
        this.partialLine = '';
        this.status = status;
        live.delete(this);
        this.arrivals.wake();
        resolveExit(status);
      };
      child.on('close', (code, signal) => done({ code, signal }));
      child.on('error', () => done({ code: null, signal: null }));
    });
  }

  static spawn(args: string[], env: NodeJS.ProcessEnv): ParleyProcess {
    const child = spawn(process.execPath, [PARLEY_MAIN, ...args], { env, stdio: 'pipe' });
    const proc = new ParleyProcess(child);
    live.add(proc);
    return proc;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Types a line on the process's stdin. */
  send(line: string): void {
    this.child.stdin.write(line + '\n');
  }

  /** Closes stdin (end of input, as Ctrl-D in a terminal). */
  endInput(): void {
    this.child.stdin.end();
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.status) this.child.kill(signal);
  }

  /**
   * Waits for a stdout line matching `pattern`, consuming it and every line before it;
   * resolves with the match so a test can read its groups.
   */
  async expectStdout(pattern: RegExp, timeoutMs = START_TIMEOUT_MS): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    const seen: string[] = [];
    for (;;) {
      while (this.stdoutLines.length > 0) {
        const line = this.stdoutLines.shift()!;
        const match = pattern.exec(line);
        if (match) return match;
        seen.push(line);
      }
      if (this.status) {
        throw new Error(`parley exited (${statusText(this.status)}) before printing a line matching ${pattern}; ` +
          `saw ${JSON.stringify(seen)}, stderr ${JSON.stringify(this.stderr)}`);
      }
      if (!(await this.arrivals.waitUntil(deadline))) {
        throw new Error(`no stdout line matching ${pattern} within ${timeoutMs} ms; ` +
          `saw ${JSON.stringify(seen)}, stderr ${JSON.stringify(this.stderr)}`);
      }
    }
  }

  /** Resolves with the exit status, or fails (leaving the process to `killAllParleys`). */
  async waitForExit(timeoutMs = START_TIMEOUT_MS): Promise<ExitStatus> {
    const deadline = Date.now() + timeoutMs;
    while (!this.status) {
      if (!(await this.arrivals.waitUntil(deadline))) {
        throw new Error(`parley still running after ${timeoutMs} ms; ` +
          `stdout ${JSON.stringify(this.stdout)}, stderr ${JSON.stringify(this.stderr)}`);
      }
    }
    return this.status;
  }

  /** SIGKILL unless it has already exited, then waits until it is reaped. */
  async kill(): Promise<void> {
    if (!this.status) this.child.kill('SIGKILL');
    await this.exited;
  }

  private receive(text: string): void {
    this.stdout += text;
    const parts = (this.partialLine + text).split('\n');
    this.partialLine = parts.pop()!;
    for (const line of parts) this.stdoutLines.push(line.replace(/\r$/, ''));
    this.arrivals.wake();
  }


}

/** Runs a command that is expected to finish (import, user ...), with stdin closed. */
export async function runParley(args: string[], env: NodeJS.ProcessEnv, timeoutMs = START_TIMEOUT_MS): Promise<RunResult> {
  const proc = ParleyProcess.spawn(args, env);
  proc.endInput();
  try {
    const status = await proc.waitForExit(timeoutMs);
    return { ...status, stdout: proc.stdout, stderr: proc.stderr };
  } finally {
    await proc.kill();
  }
}

export interface SpawnedServer {
  proc: ParleyProcess;
  port: number;
}

/** Spawns `parley server 127.0.0.1 0` and waits for its "listening" line to learn the port. */
export async function spawnServer(env: NodeJS.ProcessEnv): Promise<SpawnedServer> {
  const proc = ParleyProcess.spawn(['server', '127.0.0.1', '0'], env);
  const match = await proc.expectStdout(/line protocol listening on 127\.0\.0\.1:(\d+)/);
  return { proc, port: Number(match[1]) };
}

/** For afterEach/afterAll: SIGKILLs every parley process still running and waits for each. */
export async function killAllParleys(): Promise<void> {
  await Promise.all([...live].map((proc) => proc.kill()));
}

function statusText(status: ExitStatus): string {
  return status.signal ? `signal ${status.signal}` : `code ${status.code}`;
}

/**
 * A fresh scratch directory for each test of the enclosing describe block, removed after it
 * along with any parley process still running. Returns a getter for the current directory.
 */
export function useScratchDir(): () => string {
  let dir = '';
  beforeEach(() => {
    dir = makeDataDir();
  });
  afterEach(async () => {
    await killAllParleys();
    removeDataDir(dir);
  });
  return () => dir;
}
