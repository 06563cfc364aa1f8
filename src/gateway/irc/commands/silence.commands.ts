import { blockedLine, unblockedLine } from '../../replies';
import { formatMessage } from '../irc-message';
import { userSource } from '../irc-text';
import { IrcCommandTable } from './irc-command';

export const silenceCommands: IrcCommandTable = {
  // SILENCE [(+|-)<nick>[!*@*]]   (§2 block / unblock; no argument lists them)
  SILENCE: {
    minParams: 0,
    usablePreReg: false,
    async run(client, message) {
      const { blocking } = client.deps;
      const change = message.params[0];
      if (change === undefined) {
        for (const name of await blocking.blocked(client.chat!)) client.numeric('271', `${name}!*@*`);
        return client.numeric('272', 'End of Silence List');
      }
      const adding = !change.startsWith('-');
      const wanted = change.replace(/^[+-]/, '').split('!')[0];
      const name = adding ? await blocking.block(client.chat!, wanted) : await blocking.unblock(client.chat!, wanted);
      client.send(formatMessage({ source: userSource(client.nick), command: 'SILENCE', params: [`${adding ? '+' : '-'}${name}!*@*`], bareLast: true }));
      client.notice(adding ? blockedLine(name) : unblockedLine(name));
    },
  },
};
