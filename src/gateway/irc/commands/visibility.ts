import { usernameKey } from '../../../accounts/username';
import { IrcClient } from '../irc-context';

/** The channel's members as this user may see them (blocks applied as for whoelse), self first. */
export function channelMembers(client: IrcClient): string[] {
  return [client.nick, ...client.deps.directory.onlineOthers(client.chat!)];
}

/** The visible online user of that name, as created; undefined if offline or hidden by a block. */
export function findOnline(client: IrcClient, name: string): string | undefined {
  const key = usernameKey(name);
  return channelMembers(client).find((member) => usernameKey(member) === key);
}

export function isChannel(client: IrcClient, name: string): boolean {
  return name.toLowerCase() === client.deps.config.irc.channel.toLowerCase();
}
