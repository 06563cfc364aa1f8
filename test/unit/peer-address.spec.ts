import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { peerAddress } from '../../src/gateway/peer-address';

/** The server's side of a real loopback connection. */
async function acceptedSocket(): Promise<{ socket: Socket; close: () => void }> {
  let server!: Server;
  const accepted = new Promise<Socket>((resolve) => (server = createServer(resolve)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
  const socket = await accepted;
  return {
    socket,
    close: () => {
      client.destroy();
      socket.destroy();
      server.close();
    },
  };
}

describe('peerAddress', () => {
  it("reads the peer's address and leaves no property of Node's behind on the socket", async () => {
    const { socket, close } = await acceptedSocket();
    try {
      const ownBefore = Object.getOwnPropertyNames(socket);
      expect(peerAddress(socket)).toBe('127.0.0.1');
      expect(Object.getOwnPropertyNames(socket)).toEqual(ownBefore);
      expect(peerAddress(socket)).toBe('127.0.0.1');
    } finally {
      close();
    }
  });

  it('is needed: remoteAddress alone adds the property that gives the socket a new hidden class', async () => {
    const { socket, close } = await acceptedSocket();
    try {
      expect(socket.remoteAddress).toBe('127.0.0.1');
      expect(Object.hasOwn(socket, '_peername')).toBe(true);
      // A socket already holding the cache keeps it.
      expect(peerAddress(socket)).toBe('127.0.0.1');
      expect(Object.hasOwn(socket, '_peername')).toBe(true);
    } finally {
      close();
    }
  });
});
