import { request } from 'node:http';
import { connect as connectTcp, createServer, Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { ParleyConfig } from '../../config/config.schema';
import { CheckResult, fail, pass, reasonOf } from './check';

const PROBE_TIMEOUT_MS = 3000;
const LINE_BANNER = /^Parley chat server/;
const IRC_REPLY = /^:\S*parley\S* /i;

type Probe = 'line' | 'tls' | 'http' | 'irc';

interface Listener {
  name: string;
  host: string;
  port: number;
  probe: Probe;
}

/** Every listener the config asks for: line, its TLS twin, the admin HTTP and, once configured, IRC. */
export function configuredListeners(config: ParleyConfig): Listener[] {
  const listeners: Listener[] = [{ name: 'line port', host: config.line.host, port: config.line.port, probe: 'line' }];
  if (config.tls.enabled) listeners.push({ name: 'tls port', host: config.tls.host, port: config.tls.port, probe: 'tls' });
  listeners.push({ name: 'http port', host: config.http.host, port: config.http.port, probe: 'http' });
  const irc = (config as { irc?: { enabled?: boolean; host?: string; port?: number; tls_port?: number } }).irc;
  if (irc?.enabled && irc.host && irc.port !== undefined) {
    listeners.push({ name: 'irc port', host: irc.host, port: irc.port, probe: 'irc' });
    if (config.tls.enabled && irc.tls_port !== undefined) {
      listeners.push({ name: 'irc tls port', host: irc.host, port: irc.tls_port, probe: 'tls' });
    }
  }
  return listeners;
}

/** Free to bind, or held by a running Parley (it answers on that port as Parley does); anything else fails. */
export async function checkPort(listener: Listener): Promise<CheckResult> {
  const where = `${listener.host}:${listener.port}`;
  if (listener.port === 0) return pass(listener.name, `${where}: any free port is taken at start`);
  const bindError = await tryBind(listener.host, listener.port);
  if (!bindError) return pass(listener.name, `${where} is free`);
  if (bindError.code !== 'EADDRINUSE') {
    const hint = bindError.code === 'EACCES' ? ' (a port under 1024 needs root or CAP_NET_BIND_SERVICE)' : '';
    return fail(listener.name, `${where} cannot be bound: ${reasonOf(bindError)}${hint}`);
  }
  const parley = await heldByParley(listener).catch(() => undefined);
  return parley
    ? pass(listener.name, `${where} is held by a running Parley (${parley})`)
    : fail(listener.name, `${where} is in use by another program`);
}

function tryBind(host: string, port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}

/** What showed it is Parley, or undefined. */
async function heldByParley(listener: Listener): Promise<string | undefined> {
  const host = connectHost(listener.host);
  switch (listener.probe) {
    case 'line':
      return LINE_BANNER.test(await firstLine(connectTcp(listener.port, host))) ? 'its banner' : undefined;
    case 'tls':
      return LINE_BANNER.test(await firstLine(connectTls({ port: listener.port, host, rejectUnauthorized: false })))
        ? 'its banner over TLS'
        : undefined;
    case 'irc':
      return IRC_REPLY.test(await firstLine(connectTcp(listener.port, host), 'CAP LS 302\r\n')) ? 'its IRC server name' : undefined;
    case 'http': {
      const version = await healthVersion(host, listener.port);
      return version ? `version ${version} on /health` : undefined;
    }
  }
}

/** A wildcard bind address is reached on loopback. */
function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function firstLine(socket: Socket, send?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let received = '';
    const done = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(received.split(/\r?\n/)[0]);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(new Error('no answer')));
    socket.on('error', done);
    socket.on('close', () => done());
    if (send) socket.write(send);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (received.includes('\n')) done();
    });
  });
}

function healthVersion(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path: '/health', timeout: PROBE_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (text: string) => (body += text));
      response.on('end', () => {
        try {
          const version = (JSON.parse(body) as { version?: unknown }).version;
          resolve(typeof version === 'string' ? version : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end();
  });
}
