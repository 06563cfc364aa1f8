import { ChatError, ChatErrorCode } from '../../../chat/chat-errors';
import { blockedLine, unblockedLine } from '../../replies';
import { IrcClient } from '../irc-context';
import { formatMessage } from '../irc-message';
import { userSource } from '../irc-text';
import { IrcCommandTable } from './irc-command';

export const silenceCommands: IrcCommandTable = {
  // SILENCE [(+|-)<nick>[!*@*]]   (§2 block / unblock; no argument lists them)
  SILENCE: {
    minParams: 0,
    usablePreReg: false,
    async run(client, message) {
      const change = message.params[0];
      if (change === undefined) return listSilenced(client);
      const adding = !change.startsWith('-');
      const name = change.replace(/^[+-]/, '').split('!')[0];
      const user = await client.deps.accounts.findUser(name);
      if (!user) throw new ChatError(ChatErrorCode.UnknownUser, name);
      const self = { id: client.chat!.userId, key: client.chat!.key };
      if (adding) await client.deps.blocks.block(self, user);
      else await client.deps.blocks.unblock(self, user);
      const mask = `${user.username}!*@*`;
      client.send(formatMessage({ source: userSource(client.nick), command: 'SILENCE', params: [`${adding ? '+' : '-'}${mask}`], bareLast: true }));
      client.notice(adding ? blockedLine(user.username) : unblockedLine(user.username));
    },
  },
};

async function listSilenced(client: IrcClient): Promise<void> {
  const keys = client.deps.blocks.blockedUsersOf(client.chat!.key);
  const users = await client.deps.accounts.findUsers(keys);
  const names = keys.map((key) => users.get(key)?.username ?? key).sort();
  for (const name of names) client.numeric('271', `${name}!*@*`);
  client.numeric('272', 'End of Silence List');
}
