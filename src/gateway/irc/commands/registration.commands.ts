import { capList } from '../irc-caps';
import { IrcClient } from '../irc-context';
import { IrcMessage } from '../irc-message';
import { decodeSaslPlain, SASL_CHUNK, SASL_MAX_BYTES } from '../irc-registration';
import { nickParam } from '../irc-errors';
import { IrcCommandTable } from './irc-command';

export const registrationCommands: IrcCommandTable = {
  // CAP <subcommand> [:<capabilities>]
  CAP: { minParams: 1, usablePreReg: true, run: cap },
  // AUTHENTICATE <mechanism> | <base64 chunk> | + | *
  AUTHENTICATE: { minParams: 1, usablePreReg: true, run: authenticate },
  // PASS <password> | PASS <account>:<password>
  PASS: {
    minParams: 1,
    usablePreReg: true,
    run(client, message) {
      if (client.chat || client.registration.loginStarted) return client.numeric('462', 'You may not reregister');
      client.registration.pass = message.params[0];
    },
  },
  // NICK <nickname>
  NICK: {
    minParams: 0,
    usablePreReg: true,
    async run(client, message) {
      const wanted = message.params[0];
      if (!wanted) return client.numeric('431', 'No nickname given');
      if (client.chat) {
        if (wanted.toLowerCase() === client.nick.toLowerCase()) return;
        return client.numeric('447', nickParam(wanted), 'Your nick is your Parley account name; it cannot change');
      }
      if (client.registration.loginStarted) return;
      client.registration.nick = wanted;
      await client.registrationProgress();
    },
  },
  // USER <username> <mode> <unused> :<realname>
  USER: {
    minParams: 4,
    usablePreReg: true,
    async run(client, message) {
      if (client.chat || client.registration.loginStarted) return client.numeric('462', 'You may not reregister');
      client.registration.user = message.params[0];
      await client.registrationProgress();
    },
  },
  // PING <token>
  PING: {
    minParams: 1,
    usablePreReg: true,
    run(client, message) {
      const server = client.deps.config.irc.server_name;
      client.sendFromServer('PONG', server, message.params[0]);
    },
  },
  // PONG <token>: any input shows the client is alive; nothing to answer.
  PONG: { minParams: 0, usablePreReg: true, run() {} },
  // QUIT [:<reason>]
  QUIT: {
    minParams: 0,
    usablePreReg: true,
    run(client) {
      client.close(client.chat ? `Goodbye, ${client.nick}.` : 'Goodbye.', 'logout');
    },
  },
};

async function cap(client: IrcClient, message: IrcMessage): Promise<void> {
  const { registration, caps } = client;
  const sub = message.params[0].toUpperCase();
  const negotiating = !client.chat && !registration.loginStarted;
  switch (sub) {
    case 'LS':
      if (negotiating) registration.capNegotiating = true;
      registration.capVersion = Math.max(registration.capVersion, Number(message.params[1]) || 0);
      return client.sendFromServer('CAP', client.nick, 'LS', capList(registration.capVersion));
    case 'LIST':
      return client.sendFromServer('CAP', client.nick, 'LIST', caps.list());
    case 'REQ': {
      if (negotiating) registration.capNegotiating = true;
      const wanted = message.params[1] ?? '';
      return client.sendFromServer('CAP', client.nick, caps.request(wanted) ? 'ACK' : 'NAK', wanted);
    }
    case 'END':
      if (!registration.capNegotiating) return;
      registration.capNegotiating = false;
      return client.registrationProgress();
    default:
      return client.numeric('410', nickParam(sub), 'Invalid CAP command');
  }
}

async function authenticate(client: IrcClient, message: IrcMessage): Promise<void> {
  const { registration } = client;
  const arg = message.params[0];
  if (client.chat || registration.saslAccount) return client.numeric('907', 'You have already authenticated using SASL');
  if (registration.loginStarted) return;
  if (!client.caps.has('sasl')) return client.numeric('904', 'SASL authentication failed: request the sasl capability first');
  if (arg === '*') {
    registration.saslPending = false;
    registration.saslBuffer = '';
    return client.numeric('906', 'SASL authentication aborted');
  }
  if (!registration.saslPending) {
    if (arg.toUpperCase() !== 'PLAIN') {
      client.numeric('908', 'PLAIN', 'are available SASL mechanisms');
      return client.numeric('904', 'SASL authentication failed');
    }
    registration.saslPending = true;
    return client.send('AUTHENTICATE +');
  }
  if (arg !== '+') registration.saslBuffer += arg;
  if (registration.saslBuffer.length > SASL_MAX_BYTES) {
    registration.saslPending = false;
    registration.saslBuffer = '';
    return client.numeric('905', 'SASL message too long');
  }
  if (arg.length === SASL_CHUNK) return;
  const credentials = decodeSaslPlain(registration.saslBuffer);
  registration.saslPending = false;
  registration.saslBuffer = '';
  const authzidOk = !credentials?.authzid || credentials.authzid.toLowerCase() === credentials.authcid.toLowerCase();
  if (!credentials || !authzidOk) {
    client.numeric('904', 'SASL authentication failed');
    return client.close('SASL authentication failed: send authzid NUL account NUL password', 'error');
  }
  await client.saslLogin(credentials.authcid, credentials.password);
}
