import { PasswordHasher } from '../../src/accounts/password-hasher';

/** A stand-in for argon2id in unit tests: `hash:` + the password. */
export class PlainHasher extends PasswordHasher {
  async hash(password: string): Promise<string> {
    return `hash:${password}`;
  }

  async verify(hash: string, password: string): Promise<boolean> {
    return hash === `hash:${password}`;
  }
}

/**
 * A hasher whose verifies wait at a gate the test opens: they stay "in flight" until then.
 * Hashing and the answer itself are the inner hasher's (argon2id in e2e tests).
 */
export class GatedHasher extends PasswordHasher {
  /** The passwords verified so far, in order. */
  readonly verified: string[] = [];
  private readonly gates: Array<() => void> = [];

  constructor(private readonly inner: PasswordHasher = new PlainHasher()) {
    super();
  }

  hash(password: string): Promise<string> {
    return this.inner.hash(password);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    this.verified.push(password);
    await new Promise<void>((open) => this.gates.push(open));
    return this.inner.verify(hash, password);
  }

  /** Verifies waiting at the gate now. */
  get waiting(): number {
    return this.gates.length;
  }

  openAll(): void {
    for (const open of this.gates.splice(0)) open();
  }
}

/** Polls `done()` while the server works (database callbacks, sockets); the deadline only stops a hang. */
export async function until(done: () => boolean, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} never held`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Counts how many of `promises` have settled, for a test waiting until each is answered or held at a gate. */
export function settledCount(promises: Array<Promise<unknown>>): () => number {
  let settled = 0;
  for (const promise of promises) void promise.then(() => settled++, () => settled++);
  return () => settled;
}

/**
 * A hasher whose hashes wait at a gate while it is closed (it starts open, so a server can
 * boot through it): a test holds account creations between their checks and their INSERT.
 */
export class HashGate extends PasswordHasher {
  private closed = false;
  private readonly gates: Array<() => void> = [];

  constructor(private readonly inner: PasswordHasher = new PlainHasher()) {
    super();
  }

  async hash(password: string): Promise<string> {
    if (this.closed) await new Promise<void>((open) => this.gates.push(open));
    return this.inner.hash(password);
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.inner.verify(hash, password);
  }

  /** Hashes waiting at the gate now. */
  get waiting(): number {
    return this.gates.length;
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    for (const open of this.gates.splice(0)) open();
  }
}
