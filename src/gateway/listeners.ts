import { readFileSync } from 'node:fs';
import { Server, Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { ConfigError } from '../config/load-config';

/** Helpers every listener (line, TLS, IRC) shares. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export function boundPort(server: Server): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address ? address.port : undefined;
}

export function readSetting(setting: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Invalid setting ${setting}: cannot read ${file}: ${reason}.`);
  }
}

/** A TLS listener with the certificate settings (tls.cert, tls.key); a bad pair is a config error. */
export function createTlsListener(tls: { cert: string; key: string }, accept: (socket: Socket) => void): Server {
  const credentials = { cert: readSetting('tls.cert', tls.cert), key: readSetting('tls.key', tls.key) };
  let server: Server;
  try {
    server = createTlsServer(credentials, accept);
  } catch (error) {
    throw new ConfigError(`Invalid setting tls.cert or tls.key: ${(error as Error).message}.`);
  }
  // A failed handshake (a plain-text client, a scanner) is the peer's problem, not the server's.
  server.on('tlsClientError', () => {});
  return server;
}
