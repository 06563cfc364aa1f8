import { IrcClient } from './irc-context';

const VERSION = 'parley-0.1.0';
const STARTED = new Date().toUTCString();

/** The ISUPPORT tokens of 005 (SPEC §4 names the first six). */
function isupport(): string[] {
  return [
    'NETWORK=Parley',
    'CASEMAPPING=ascii',
    'CHANTYPES=#',
    'NICKLEN=32',
    'MONITOR=',
    'SILENCE=',
    'CHANNELLEN=50',
    `CHANLIMIT=#:1`,
    'CHANMODES=,,,nt',
    'PREFIX=',
    'TOPICLEN=300',
    `STATUSMSG=`,
    `TARGMAX=PRIVMSG:4,NOTICE:4,JOIN:1,PART:1`,
  ];
}

/** 001–005, the MOTD (or 422), and the §2 note about failed logins since the last one. */
export function sendWelcome(client: IrcClient, failuresSinceLastLogin: number): void {
  const { server_name: server, motd } = client.deps.config.irc;
  const nick = client.nick;
  client.numeric('001', `Welcome to the Parley IRC network, ${nick}!${nick}@parley`);
  client.numeric('002', `Your host is ${server}, running version ${VERSION}`);
  client.numeric('003', `This server was created ${STARTED}`);
  client.numeric('004', server, VERSION, 'o', 'nt');
  client.numeric('005', ...isupport(), 'are supported by this server');
  if (motd.trim() === '') {
    client.numeric('422', 'MOTD File is missing');
  } else {
    client.numeric('375', `- ${server} Message of the day -`);
    for (const line of motd.split('\n')) client.numeric('372', `- ${line}`);
    client.numeric('376', 'End of /MOTD command');
  }
  if (failuresSinceLastLogin > 0) {
    const count = failuresSinceLastLogin;
    client.notice(
      `There ${count === 1 ? 'was 1 failed login attempt' : `were ${count} failed login attempts`} on your account since your last login.`,
    );
  }
}
