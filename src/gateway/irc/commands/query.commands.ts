import { usernameKey } from '../../../accounts/username';
import { neutralize } from '../../user-text';
import { IrcClient, SERVICE_NAME } from '../irc-context';
import { nickParam } from '../irc-errors';
import { IrcCommandTable } from './irc-command';
import { channelMembers, findOnline } from './visibility';

export const queryCommands: IrcCommandTable = {
  // WHOIS [<server>] <nick>
  WHOIS: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      const wanted = message.params[message.params.length - 1].split(',')[0];
      const server = client.deps.config.irc.server_name;
      const nick = usernameKey(wanted) === usernameKey(SERVICE_NAME) ? SERVICE_NAME : findOnline(client, wanted);
      if (!nick) {
        client.numeric('401', nickParam(wanted), 'No such nick/channel');
      } else {
        const service = nick === SERVICE_NAME;
        client.numeric('311', nick, nick, service ? server : 'parley', '*', service ? 'The Parley service: /msg Parley help' : nick);
        client.numeric('312', nick, server, 'Parley');
        const away = client.deps.awayOf(nick);
        if (away !== undefined) client.numeric('301', nick, neutralize(away));
      }
      client.numeric('318', nickParam(wanted), 'End of /WHOIS list');
    },
  },
  // WHOWAS <nick> [<count>]
  WHOWAS: {
    minParams: 1,
    usablePreReg: false,
    async run(client, message) {
      const wanted = message.params[0];
      const recent = await client.deps.directory.recentOthers(client.chat!);
      const nick = recent.find((name) => usernameKey(name) === usernameKey(wanted));
      if (nick) {
        client.numeric('314', nick, nick, 'parley', '*', nick);
        client.numeric('312', nick, client.deps.config.irc.server_name, 'Parley');
      } else {
        client.numeric('406', nickParam(wanted), 'There was no such nickname');
      }
      client.numeric('369', nickParam(wanted), 'End of WHOWAS');
    },
  },
  // USERHOST <nick>{ <nick>}
  USERHOST: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      const replies = message.params.slice(0, 5).flatMap((wanted) => {
        const nick = findOnline(client, wanted);
        return nick ? [`${nick}=${client.deps.awayOf(nick) === undefined ? '+' : '-'}${nick}@parley`] : [];
      });
      client.numeric('302', replies.join(' '));
    },
  },
  // ISON <nick>{ <nick>}
  ISON: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      const online = new Map(channelMembers(client).map((name) => [usernameKey(name), name]));
      const wanted = message.params.flatMap((param) => param.split(' ')).filter((name) => name !== '');
      client.numeric('303', wanted.flatMap((name) => online.get(usernameKey(name)) ?? []).join(' '));
    },
  },
  // AWAY [:<text>]
  AWAY: {
    minParams: 0,
    usablePreReg: false,
    run(client, message) {
      const text = message.params[0];
      if (text) {
        client.away = text.slice(0, 300);
        client.numeric('306', 'You have been marked as being away');
      } else {
        client.away = undefined;
        client.numeric('305', 'You are no longer marked as being away');
      }
    },
  },
  // MONITOR (+|-) <target>{,<target>} | MONITOR (C|L|S)
  MONITOR: {
    minParams: 1,
    usablePreReg: false,
    run(client, message) {
      const [sub, list = ''] = message.params;
      const targets = list.split(',').filter((name) => name !== '');
      switch (sub.toUpperCase()) {
        case '+':
          for (const name of targets) client.monitored.set(usernameKey(name), nickParam(name));
          return monitorStatus(client, targets);
        case '-':
          for (const name of targets) client.monitored.delete(usernameKey(name));
          return;
        case 'C':
          return client.monitored.clear();
        case 'L':
          if (client.monitored.size > 0) client.numeric('732', [...client.monitored.values()].join(','));
          return client.numeric('733', 'End of MONITOR list');
        case 'S':
          return monitorStatus(client, [...client.monitored.values()]);
      }
    },
  },
};

/** 730 for the monitored users online (and visible), 731 for the rest. */
function monitorStatus(client: IrcClient, targets: string[]): void {
  const online: string[] = [];
  const offline: string[] = [];
  for (const name of targets) {
    const nick = findOnline(client, name);
    if (nick && usernameKey(nick) !== usernameKey(client.nick)) online.push(`${nick}!${nick}@parley`);
    else offline.push(nickParam(name));
  }
  if (online.length > 0) client.numeric('730', online.join(','));
  if (offline.length > 0) client.numeric('731', offline.join(','));
}
