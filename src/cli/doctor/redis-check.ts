import { connect } from 'node:net';
import { ParleyConfig } from '../../config/config.schema';
import { CheckResult, fail, pass, reasonOf } from './check';

const TIMEOUT_MS = 3000;

/** In cluster mode (`cluster.redis_url` set), Redis answers PING (after AUTH when the URL has credentials). */
export async function checkRedis(config: ParleyConfig): Promise<CheckResult> {
  const url = (config as { cluster?: { redis_url?: string } }).cluster?.redis_url;
  if (!url) return pass('redis', 'not in cluster mode (cluster.redis_url is empty)');
  let target: URL;
  try {
    target = new URL(url);
    if (target.protocol !== 'redis:') throw new Error('expected redis://HOST:PORT');
  } catch (error) {
    return fail('redis', `cluster.redis_url is not a redis:// URL: ${reasonOf(error)}`);
  }
  const shown = `${target.hostname}:${target.port || 6379}`;
  try {
    await ping(target);
    return pass('redis', `${shown} answers PING`);
  } catch (error) {
    return fail('redis', `${shown}: ${reasonOf(error)}`);
  }
}

/** Speaks just enough RESP: optional AUTH, then PING, expecting +OK and +PONG. */
function ping(target: URL): Promise<void> {
  const commands: string[][] = [];
  if (target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    commands.push(user ? ['AUTH', user, password] : ['AUTH', password]);
  }
  commands.push(['PING']);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target.port || 6379), target.hostname.replace(/^\[|\]$/g, ''));
    let received = '';
    const finish = (error?: Error) => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    socket.setTimeout(TIMEOUT_MS, () => finish(new Error('no answer within 3 s')));
    socket.on('error', finish);
    socket.on('close', () => finish(new Error('the connection closed')));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const replies = received.split('\r\n').slice(0, -1);
      const error = replies.find((reply) => reply.startsWith('-'));
      if (error) finish(new Error(`Redis said ${error.slice(1)}`));
      else if (replies.length >= commands.length) {
        if (replies.at(-1) === '+PONG') finish();
        else finish(new Error(`unexpected answer ${JSON.stringify(replies.at(-1))}`));
      }
    });
    socket.write(commands.map(encode).join(''));
  });
}

function encode(args: string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}
