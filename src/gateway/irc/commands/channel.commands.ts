import { formatMessage } from '../irc-message';
import { IrcClient } from '../irc-context';
import { nickParam } from '../irc-errors';
import { userSource } from '../irc-text';
import { IrcCommandTable } from './irc-command';
import { channelMembers, findOnline, isChannel } from './visibility';

/** 353 lines stay well under 512 bytes: names are at most 32 characters. */
const NAMES_PER_LINE = 12;

export const channelCommands: IrcCommandTable = {
  // JOIN <channel>{,<channel>} [<key>{,<key>}]   (JOIN 0 leaves)
  JOIN: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      for (const name of message.params[0].split(',')) {
        if (name === '0') leave(client, 'Left');
        else if (!isChannel(client, name)) client.numeric('403', nickParam(name), 'No such channel');
        else if (!client.joined) joinChannel(client);
      }
    },
  },
  // PART <channel>{,<channel>} [:<reason>]
  PART: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      for (const name of message.params[0].split(',')) {
        if (!isChannel(client, name)) client.numeric('403', nickParam(name), 'No such channel');
        else if (!client.joined) client.numeric('442', client.deps.config.irc.channel, "You're not on that channel");
        else leave(client, 'Left');
      }
    },
  },
  // NAMES [<channel>]
  NAMES: {
    minParams: 0,
    usablePreReg: false,
    run(client, message) {
      const name = message.params[0];
      if (name === undefined || isChannel(client, name)) return sendNames(client);
      client.numeric('366', nickParam(name), 'End of /NAMES list');
    },
  },
  // WHO <mask>
  WHO: {
    minParams: 0,
    usablePreReg: false,
    run(client, message) {
      const mask = message.params[0] ?? '*';
      const { channel } = client.deps.config.irc;
      if (isChannel(client, mask) || mask === '*') {
        for (const member of channelMembers(client)) whoReply(client, channel, member);
      } else {
        const member = findOnline(client, mask);
        if (member) whoReply(client, '*', member);
      }
      client.numeric('315', nickParam(mask), 'End of WHO list');
    },
  },
  // TOPIC <channel> [:<topic>]
  TOPIC: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      const [name, newTopic] = message.params;
      const { channel } = client.deps.config.irc;
      if (!isChannel(client, name)) return client.numeric('403', nickParam(name), 'No such channel');
      if (newTopic !== undefined) return client.numeric('482', channel, "You're not channel operator");
      sendTopic(client);
    },
  },
  // MODE <target> [<modestring> [<mode arguments>...]]
  MODE: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      const [target, modes] = message.params;
      const { channel } = client.deps.config.irc;
      if (isChannel(client, target)) {
        if (modes === undefined) return client.numeric('324', channel, '+nt');
        const list = modes.replace(/^\+/, '');
        if (list === 'b') return client.numeric('368', channel, 'End of channel ban list');
        if (list === 'e') return client.numeric('349', channel, 'End of channel exception list');
        if (list === 'I') return client.numeric('347', channel, 'End of channel invite list');
        return client.numeric('482', channel, "You're not channel operator");
      }
      if (target.startsWith('#')) return client.numeric('403', nickParam(target), 'No such channel');
      if (target.toLowerCase() !== client.nick.toLowerCase()) {
        return client.numeric('502', "Can't change mode for other users");
      }
      if (modes === undefined) return client.numeric('221', '+');
      client.numeric('501', 'Unknown MODE flag');
    },
  },
};

/** The JOIN burst: JOIN, the topic, the names. */
export function joinChannel(client: IrcClient): void {
  client.joined = true;
  client.send(formatMessage({ source: userSource(client.nick), command: 'JOIN', params: [client.deps.config.irc.channel], bareLast: true }));
  if (client.deps.config.irc.topic) sendTopic(client);
  sendNames(client);
}

function leave(client: IrcClient, reason: string): void {
  if (!client.joined) return;
  client.joined = false;
  client.send(formatMessage({ source: userSource(client.nick), command: 'PART', params: [client.deps.config.irc.channel, reason] }));
}

function sendTopic(client: IrcClient): void {
  const { channel, topic } = client.deps.config.irc;
  if (topic) client.numeric('332', channel, topic);
  else client.numeric('331', channel, 'No topic is set');
}

function sendNames(client: IrcClient): void {
  const { channel } = client.deps.config.irc;
  const members = channelMembers(client);
  for (let i = 0; i < members.length; i += NAMES_PER_LINE) {
    client.numeric('353', '=', channel, members.slice(i, i + NAMES_PER_LINE).join(' '));
  }
  client.numeric('366', channel, 'End of /NAMES list');
}

function whoReply(client: IrcClient, channel: string, member: string): void {
  const away = client.deps.awayOf(member) !== undefined;
  const server = client.deps.config.irc.server_name;
  client.numeric('352', channel, member, 'parley', server, member, away ? 'G' : 'H', `0 ${member}`);
}
