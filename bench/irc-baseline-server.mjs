// The IRC baseline: a minimal raw node:net IRC server with Parley's IRC routing (PASS
// account:password registration, one channel joined by everyone, PRIVMSG to a nick or to the
// channel) and nothing else: no NestJS, no database, no hashing, no limits. Output is queued
// and written once per socket per event-loop turn, as Parley does.
//
//   node bench/irc-baseline-server.mjs USERS_FILE
//
// USERS_FILE holds "NAME PASSWORD" lines. Prints "listening on PORT" once bound (port 0).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const [usersFile] = process.argv.slice(2);
const SERVER = 'baseline.local';
const passwords = new Map();
for (const line of readFileSync(usersFile, 'utf8').split('\n')) {
  const [name, password] = line.trim().split(/\s+/);
  if (name) passwords.set(name.toLowerCase(), { name, password });
}
const online = new Map();
const channel = new Set();

class Connection {
  constructor(socket) {
    this.socket = socket;
    this.partial = '';
    this.output = '';
    this.scheduled = false;
    this.pass = undefined;
    this.nick = undefined;
    this.user = undefined;
    this.name = undefined;
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    socket.on('data', (text) => this.receive(text));
    socket.on('error', () => {});
    socket.on('close', () => this.closed());
  }

  write(text) {
    this.output += text;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush() {
    this.scheduled = false;
    if (this.output.length > 0 && !this.socket.destroyed) this.socket.write(this.output);
    this.output = '';
  }

  receive(text) {
    const buffered = this.partial + text;
    let start = 0;
    let end;
    while ((end = buffered.indexOf('\n', start)) !== -1) {
      let line = buffered.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = end + 1;
      if (line) this.line(line);
    }
    this.partial = buffered.slice(start);
  }

  line(text) {
    const space = text.indexOf(' ');
    const command = (space < 0 ? text : text.slice(0, space)).toUpperCase();
    const rest = space < 0 ? '' : text.slice(space + 1);
    const colon = rest.indexOf(' :');
    const target = colon < 0 ? rest.split(' ')[0] : rest.slice(0, colon);
    const trailing = colon < 0 ? '' : rest.slice(colon + 2);
    switch (command) {
      case 'PASS':
        this.pass = rest.replace(/^:/, '');
        return;
      case 'NICK':
        this.nick = rest.replace(/^:/, '');
        return this.register();
      case 'USER':
        this.user = target;
        return this.register();
      case 'PING':
        return this.write(`:${SERVER} PONG ${SERVER} :${rest.replace(/^:/, '')}\r\n`);
      case 'JOIN':
        return this.name && this.write(`:${SERVER} 366 ${this.name} #parley :End of /NAMES list\r\n`);
      case 'PRIVMSG':
        return this.name && this.privmsg(target, trailing);
      case 'QUIT':
        return this.socket.end();
    }
  }

  register() {
    if (this.name || !this.nick || !this.user || this.pass === undefined) return;
    const colon = this.pass.indexOf(':');
    const account = passwords.get(this.pass.slice(0, colon).toLowerCase());
    if (!account || account.password !== this.pass.slice(colon + 1) || online.has(account.name.toLowerCase())) {
      this.write('ERROR :Invalid username or password.\r\n');
      return this.socket.end();
    }
    this.name = account.name;
    online.set(this.name.toLowerCase(), this);
    channel.add(this);
    this.write(`:${SERVER} 001 ${this.name} :Welcome\r\n:${this.name}!${this.name}@parley JOIN #parley\r\n`);
    this.write(`:${SERVER} 366 ${this.name} #parley :End of /NAMES list\r\n`);
    const join = `:${this.name}!${this.name}@parley JOIN #parley\r\n`;
    for (const other of channel) if (other !== this) other.write(join);
  }

  privmsg(target, text) {
    const line = `:${this.name}!${this.name}@parley PRIVMSG ${target} :${text}\r\n`;
    if (target === '#parley') {
      for (const other of channel) if (other !== this) other.write(line);
      return;
    }
    online.get(target.toLowerCase())?.write(line);
  }

  closed() {
    if (!this.name) return;
    online.delete(this.name.toLowerCase());
    channel.delete(this);
    const quit = `:${this.name}!${this.name}@parley QUIT :${this.name} has logged out\r\n`;
    for (const other of channel) other.write(quit);
  }
}

const server = createServer((socket) => new Connection(socket));
server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
