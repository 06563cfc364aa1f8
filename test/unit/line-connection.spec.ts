import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import { LineConnection } from '../../src/gateway/line-connection';
import { LineDecoder } from '../../src/gateway/line-decoder';
import { DecodedItem } from '../../src/gateway/line-decoder';
import { until } from '../support/gated-hasher';

/** A LineConnection over a real loopback socket; `handler` handles each decoded item. */
async function connected(handler: (item: DecodedItem) => void | Promise<void>) {
  let server: Server;
  const accepted = new Promise<Socket>((resolve) => {
    server = createServer(resolve);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect((server!.address() as AddressInfo).port, '127.0.0.1');
  const socket = await accepted;
  let closed: (reason: string | undefined) => void = () => {};
  const closedWith = new Promise<string | undefined>((resolve) => (closed = resolve));
  const connection = new LineConnection(socket, { maxSendQueueBytes: 1 << 20, keepaliveSeconds: 0 }, new LineDecoder(512), { handle: handler, connectionClosed: closed });
  const cleanup = () => {
    client.destroy();
    socket.destroy();
    server.close();
  };
  return { client, socket, connection, closedWith, cleanup };
}

const text = (item: DecodedItem) => (item.kind === 'line' ? item.text : item.kind);

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('LineConnection input handling', () => {
  it('handles items in arrival order whether a handler finishes at once or returns a promise', async () => {
    const handled: string[] = [];
    const gate = deferred();
    const waiting = deferred();
    const { client, socket, connection, cleanup } = await connected((item) => {
      const line = text(item);
      if (line !== 'wait') return void handled.push(line);
      waiting.resolve();
      return gate.promise.then(() => void handled.push(line));
    });
    client.write('one\r\nwait\r\n');
    await waiting.promise;
    // The connection's own 'data' listener runs first: once this one sees the bytes, they are queued.
    const queued = new Promise((resolve) => socket.on('data', resolve));
    client.write('two\r\nthree\r\n');
    await queued;
    expect(handled).toEqual(['one']);
    gate.resolve();
    await connection.settled();
    expect(handled).toEqual(['one', 'wait', 'two', 'three']);
    cleanup();
  });

  it('drops the connection when a handler throws, synchronously or by rejecting', async () => {
    for (const fail of [() => { throw new Error('sync boom'); }, () => Promise.reject(new Error('async boom'))]) {
      const { client, closedWith, cleanup } = await connected(fail);
      client.write('anything\r\n');
      expect(await closedWith).toMatch(/handling its input failed: (sync|async) boom/);
      cleanup();
    }
  });
});

describe('LineConnection output', () => {
  it('sends telnet commands and text queued in one turn in one write, in the order queued', async () => {
    const { client, socket, connection, cleanup } = await connected(() => undefined);
    const writes: unknown[] = [];
    const write = socket.write.bind(socket) as (chunk: unknown, callback?: () => void) => boolean;
    socket.write = ((chunk: unknown, callback?: () => void) => (writes.push(chunk), write(chunk, callback))) as typeof socket.write;
    const received: Buffer[] = [];
    client.on('data', (chunk: Buffer) => received.push(chunk));

    try {
      connection.writeBytes(Buffer.from([255, 251, 1]));
      connection.write('Password: ');
      connection.writeBytes(Buffer.from([255, 252, 1]));
      connection.writeLine('Welcome, é!');
      const expected = Buffer.concat([Buffer.from([255, 251, 1]), Buffer.from('Password: '), Buffer.from([255, 252, 1]), Buffer.from('Welcome, é!\r\n')]);
      expect(connection.queuedBytes()).toBe(expected.length - 1); // the é counted as one character
      await new Promise((resolve) => setImmediate(resolve));
      expect(writes).toHaveLength(1);
      await until(() => Buffer.concat(received).length >= expected.length, 'the whole output arriving');
      expect(Buffer.concat(received)).toEqual(expected);
    } finally {
      cleanup();
    }
  });
});
