import { neutralize } from '../../user-text';
import { IrcClient, SERVICE_NAME } from '../irc-context';
import { messageLines } from '../irc-text';

/** The service `Parley`: a §2 command by private message, answered with NOTICEs in §2's words. */
export async function askService(client: IrcClient, text: string): Promise<void> {
  const source = `${SERVICE_NAME}!${SERVICE_NAME}@${client.deps.config.irc.server_name}`;
  await client.deps.lineCommands.dispatch(
    {
      session: client.chat!,
      reply: (line) => {
        for (const piece of messageLines(source, 'NOTICE', client.nick, neutralize(line))) client.send(piece);
      },
      logout: () => client.close(`Goodbye, ${client.nick}.`, 'logout'),
    },
    text,
  );
}
