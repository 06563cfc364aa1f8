import { connect, Socket } from 'node:net';
import { createInterface, Interface } from 'node:readline';
import { LineDecoder } from '../gateway/line-decoder';

/** Prompts arrive without a line end, so they prefix the next line the server sends. */
const PROMPTS = /^(?:Username: |Password: )+/;
const LOGIN_REFUSED = /Invalid username or password|locked|already logged in/i;

export const enum ClientExit {
  LoggedOut = 0,
  ClosedByServer = 1,
  LoginRefused = 2,
  ConnectFailed = 3,
}

/**
 * `parley client HOST PORT USER:PASSWORD`: logs in, then relays typed lines to the server and
 * prints what the server sends as it arrives, without mangling the line being typed.
 */
export function runClient(host: string, port: number, credentials: string): Promise<ClientExit> {
  const separator = credentials.indexOf(':');
  if (separator <= 0) throw new Error('credentials must be USER:PASSWORD');
  const user = credentials.slice(0, separator);
  const password = credentials.slice(separator + 1);

  return new Promise((resolve) => {
    const decoder = new LineDecoder(1 << 20);
    const socket: Socket = connect({ host, port });
    let loggedIn = false;
    let saidGoodbye = false;
    let terminal: Interface | undefined;
    let finished = false;

    const finish = (code: ClientExit, message?: string) => {
      if (finished) return;
      finished = true;
      terminal?.close();
      if (message) (code === ClientExit.LoggedOut ? process.stdout : process.stderr).write(message + '\n');
      socket.destroy();
      resolve(code);
    };

    socket.on('connect', () => socket.write(`${user}\r\n${password}\r\n`));
    socket.on('error', (error) => {
      if (!loggedIn) finish(ClientExit.ConnectFailed, `Cannot connect to ${host}:${port}: ${error.message}`);
    });
    socket.on('close', () => {
      if (saidGoodbye) finish(ClientExit.LoggedOut);
      else finish(ClientExit.ClosedByServer, loggedIn ? 'Connection closed by the server.' : 'The server closed the connection before login.');
    });
    socket.on('data', (chunk: Buffer) => {
      for (const item of decoder.push(chunk)) {
        if (item.kind !== 'line') continue;
        const line = item.text.replace(PROMPTS, '');
        if (!loggedIn) {
          if (line.startsWith('Welcome, ')) {
            loggedIn = true;
            terminal = startTerminal(socket, () => finish(ClientExit.LoggedOut));
            show(terminal, line, true);
          } else if (LOGIN_REFUSED.test(line)) {
            finish(ClientExit.LoginRefused, `Login failed: ${line}`);
            return;
          }
          continue;
        }
        if (line.startsWith('Goodbye, ')) saidGoodbye = true;
        show(terminal, line, !saidGoodbye);
      }
    });
  });
}

function startTerminal(socket: Socket, onLocalEnd: () => void): Interface {
  const terminal = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  terminal.setPrompt('> ');
  if (process.stdin.isTTY) terminal.prompt();
  terminal.on('line', (line) => {
    socket.write(line + '\r\n');
    if (process.stdin.isTTY) terminal.prompt();
  });
  // End of input or Ctrl-C: log out politely and let the server close the connection.
  terminal.on('SIGINT', () => socket.write('logout\r\n'));
  terminal.on('close', () => {
    if (!socket.destroyed) socket.write('logout\r\n');
    else onLocalEnd();
  });
  return terminal;
}

/** Prints a server line above the prompt, keeping what the user has typed so far. */
function show(terminal: Interface | undefined, line: string, promptAgain: boolean): void {
  if (!terminal || !process.stdout.isTTY) {
    process.stdout.write(line + '\n');
    return;
  }
  process.stdout.write('\r\x1b[2K' + line + '\n');
  if (promptAgain) terminal.prompt(true);
}
