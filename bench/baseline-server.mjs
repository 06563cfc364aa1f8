// The baseline: a minimal raw node:net server speaking Parley's line protocol with the same
// routing (login by name and password, presence, private messages by name, broadcast to all
// others, offline messages kept and handed over at login) and nothing else: no NestJS, no
// database, no hashing (unless asked), no telnet decoding, no limits.
//
//   node bench/baseline-server.mjs USERS_FILE [coalesce|per-line] [--hash MEMORY_KIB,TIME_COST]
//
// USERS_FILE holds "NAME PASSWORD" lines. Prints "listening on PORT" once bound (port 0).
// `coalesce` queues output and writes once per socket per event-loop turn (as Parley does);
// `per-line` calls socket.write for every line.
// `--hash` checks every password by an argon2id verification at that cost, as Parley does, on
// libuv's pool: the login rate's ceiling for a server that does nothing else.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hash, verify } from '@node-rs/argon2';

const [usersFile, mode = 'coalesce', hashFlag, hashCost] = process.argv.slice(2);
const coalesce = mode === 'coalesce';
const WILL_ECHO = Buffer.from([0xff, 0xfb, 0x01]).toString('latin1');
const WONT_ECHO = Buffer.from([0xff, 0xfc, 0x01]).toString('latin1');

const passwords = new Map();
const names = new Map();
for (const line of readFileSync(usersFile, 'utf8').split('\n')) {
  const [name, password] = line.trim().split(/\s+/);
  if (!name) continue;
  passwords.set(name.toLowerCase(), password);
  names.set(name.toLowerCase(), name);
}
const hashes = hashFlag === '--hash' ? await hashPasswords(hashCost) : null;
const online = new Map();
const stored = new Map();

class Connection {
  constructor(socket) {
    this.socket = socket;
    this.partial = '';
    this.output = '';
    this.scheduled = false;
    this.state = 'username';
    this.key = '';
    this.name = '';
    this.pendingName = '';
    this.held = null;
    socket.setNoDelay(true);
    socket.setEncoding('latin1');
    socket.on('data', (text) => this.receive(text));
    socket.on('error', () => {});
    socket.on('close', () => this.closed());
    this.write('Parley chat server. Log in to chat; type help once you are in.\r\nUsername: ');
  }

  write(text) {
    if (this.state === 'closed') return;
    if (!coalesce) {
      this.socket.write(text, 'latin1');
      return;
    }
    this.output += text;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush() {
    this.scheduled = false;
    if (this.output.length > 0 && !this.socket.destroyed) this.socket.write(this.output, 'latin1');
    this.output = '';
  }

  receive(text) {
    let start = 0;
    let end;
    let buffered = this.partial + text;
    while ((end = buffered.indexOf('\n', start)) !== -1) {
      let line = buffered.slice(start, end);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      start = end + 1;
      this.line(line);
    }
    this.partial = buffered.slice(start);
  }

  line(text) {
    if (this.held) return void this.held.push(text);
    switch (this.state) {
      case 'username':
        this.pendingName = text.trim();
        this.state = 'password';
        this.write(WILL_ECHO + 'Password: ');
        return;
      case 'password':
        return hashes ? this.verifyThenLogin(text) : this.login(text);
      case 'online':
        return this.command(text);
    }
  }

  /** Lines that arrive while the hash is checked wait for its answer, in order. */
  async verifyThenLogin(password) {
    this.held = [];
    const passwordHash = hashes.get(passwords.get(this.pendingName.toLowerCase()));
    const matches = passwordHash !== undefined && (await verify(passwordHash, password));
    const held = this.held;
    this.held = null;
    if (this.state === 'closed') return;
    this.login(matches ? password : null);
    for (const text of held) this.line(text);
  }

  login(password) {
    const key = this.pendingName.toLowerCase();
    this.write(WONT_ECHO);
    if (passwords.get(key) !== password) {
      this.state = 'username';
      this.write('Invalid username or password.\r\nUsername: ');
      return;
    }
    if (online.has(key)) {
      this.write(`Error: ${names.get(key)} is already logged in elsewhere.\r\n`);
      return this.end();
    }
    this.state = 'online';
    this.key = key;
    this.name = names.get(key);
    online.set(key, this);
    this.write(`Welcome, ${this.name}! Type help for the list of commands.\r\n`);
    const waiting = stored.get(key);
    if (waiting) {
      stored.delete(key);
      let text = `You have ${waiting.length} stored messages:\r\n`;
      for (const message of waiting) text += `${message.from} (stored ${message.at}): ${message.text}\r\n`;
      this.write(text);
    }
    this.toOthers(`*** ${this.name} has logged in\r\n`);
  }

  command(text) {
    const space = text.indexOf(' ');
    const name = (space === -1 ? text : text.slice(0, space)).toLowerCase();
    const rest = space === -1 ? '' : text.slice(space + 1);
    if (name === 'broadcast') {
      this.toOthers(`${this.name} (broadcast): ${rest}\r\n`);
    } else if (name === 'message') {
      const gap = rest.indexOf(' ');
      const to = rest.slice(0, gap).toLowerCase();
      const body = rest.slice(gap + 1);
      const recipient = online.get(to);
      if (recipient) {
        recipient.write(`${this.name}: ${body}\r\n`);
      } else if (passwords.has(to)) {
        let box = stored.get(to);
        if (!box) stored.set(to, (box = []));
        box.push({ from: this.name, text: body, at: new Date().toISOString().slice(0, 19) + 'Z' });
        this.write(`${names.get(to)} is offline; your message was stored.\r\n`);
      } else {
        this.write(`Error: unknown user "${to}".\r\n`);
      }
    } else if (name === 'logout') {
      this.write(`Goodbye, ${this.name}.\r\n`);
      this.end();
    } else if (name !== '') {
      this.write(`Error: unknown command "${name}". Type help for the list of commands.\r\n`);
    }
  }

  toOthers(line) {
    for (const other of online.values()) if (other !== this) other.write(line);
  }

  end() {
    if (coalesce) this.flush();
    this.socket.end();
    this.leave();
    this.state = 'closed';
  }

  closed() {
    this.leave();
    this.state = 'closed';
  }

  leave() {
    if (this.state !== 'online' || online.get(this.key) !== this) return;
    online.delete(this.key);
    this.toOthers(`*** ${this.name} has logged out\r\n`);
  }
}

/** One argon2id hash per distinct password (the bench gives every user the same one). */
async function hashPasswords(cost) {
  const [memoryCost, timeCost] = cost.split(',').map(Number);
  const byPassword = new Map();
  for (const password of new Set(passwords.values())) byPassword.set(password, await hash(password, { memoryCost, timeCost }));
  return byPassword;
}

const server = createServer((socket) => new Connection(socket));
server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
