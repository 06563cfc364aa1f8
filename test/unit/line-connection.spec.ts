import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import { LineConnection } from '../../src/gateway/line-connection';
import { LineDecoder } from '../../src/gateway/line-decoder';
import { DecodedItem } from '../../src/gateway/line-decoder';

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
