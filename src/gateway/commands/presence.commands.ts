import { DirectoryService } from '../../chat/directory.service';
import { goodbyeLine } from '../replies';
import { CommandTable } from './command';

const listOrNone = (names: string[]) => (names.length > 0 ? names.join(', ') : '(none)');

export function presenceCommands(directory: DirectoryService): CommandTable {
  return {
    // whoelse
    whoelse: {
      usage: 'whoelse',
      summary: 'list the other users online now',
      minArgs: 0,
      run({ session, reply }) {
        reply(`Online: ${listOrNone(directory.onlineOthers(session))}`);
      },
    },
    // wholasthr
    wholasthr: {
      usage: 'wholasthr',
      summary: 'list the other users online within the last hour',
      minArgs: 0,
      async run({ session, reply }) {
        reply(`Last hour: ${listOrNone(await directory.recentOthers(session))}`);
      },
    },
    // logout
    logout: {
      usage: 'logout',
      summary: 'leave the chat',
      minArgs: 0,
      run({ session, reply, logout }) {
        reply(goodbyeLine(session.name));
        logout();
      },
    },
  };
}
