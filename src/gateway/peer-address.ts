import { Socket } from 'node:net';

/**
 * The peer's address, as `socket.remoteAddress` reports it, without leaving Node's cache of it
 * behind. Node keeps what it read as a property added to the socket (`_peername`), which gives
 * every socket asked a second hidden class; with both classes (and those of other sockets)
 * seen, the property loads Node's stream code makes on every read and write of every socket
 * went megamorphic (docs/PERFORMANCE.md, IRC sixth pass). Deleting the property just added
 * takes the socket back to the class it had. Callers keep what it returns.
 */
export function peerAddress(socket: Socket): string | undefined {
  const cached = Object.hasOwn(socket, '_peername');
  const address = socket.remoteAddress;
  if (!cached) delete (socket as { _peername?: unknown })._peername;
  return address;
}
