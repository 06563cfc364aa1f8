import { ChatEvent, StoredMessage } from '../../chat/chat-events';

import { eventLine } from '../replies';
import { neutralize } from '../user-text';
import { formatMessage } from './irc-message';
import { messageLines, privateLineHead, shortMessageLine, userSource } from './irc-text';

/** What rendering needs to know about the connection it renders for. */
export interface RenderView {
  readonly serverName: string;
  readonly channel: string;
  readonly nick: string;
  /** Still in the channel (not PARTed): the room's traffic reaches this connection. */
  readonly joined: boolean;
}

/**
 * How a core event reads on IRC for one connection; [] when it does not reach it (room
 * traffic after PART). Server notices carry §2's words.
 */
export function renderEvent(event: ChatEvent, view: RenderView): string[] {
  switch (event.type) {
    case 'broadcast':
      if (!view.joined) return [];
      return roomLines(event, view);
    case 'private':
      return messageLines(userSource(event.from), privateCommand(event), view.nick, neutralize(event.text), event.action);
    case 'presence':
      if (!view.joined) return [];
      return [
        event.online
          ? formatMessage({ source: userSource(event.user), command: 'JOIN', params: [view.channel], bareLast: true })
          : formatMessage({ source: userSource(event.user), command: 'QUIT', params: [eventLine(event).slice(4)] }),
      ];
    case 'announcement':
      return messageLines(view.serverName, 'NOTICE', view.joined ? view.channel : view.nick, eventLine(event));
    case 'notice':
    case 'shutdown':
      return messageLines(view.serverName, 'NOTICE', view.nick, eventLine(event));
  }
}

type PrivateEvent = Extract<ChatEvent, { type: 'private' }>;

function privateCommand(event: PrivateEvent): 'NOTICE' | 'PRIVMSG' {
  return event.notice ? 'NOTICE' : 'PRIVMSG';
}

/**
 * Private messages to one connection as one line with its CRLF each, when short enough to need
 * no splitting (renderEvent's lines otherwise): no array per delivery, and the start of the
 * line (`:alice!alice@parley PRIVMSG bob :`) kept for the next message from the same sender.
 */
export class ShortPrivateLines {
  private from = '';
  private command = '';
  private target = '';
  private head = '';

  constructor(private readonly view: RenderView) {}

  render(event: PrivateEvent): string | undefined {
    const command = privateCommand(event);
    if (event.from !== this.from || command !== this.command || this.view.nick !== this.target) {
      this.from = event.from;
      this.command = command;
      this.target = this.view.nick;
      this.head = privateLineHead(event.from, command, this.target);
    }
    return shortMessageLine(this.head, neutralize(event.text), event.action === true);
  }
}

/** A broadcast reaches every joined IRC connection the same way: rendered once for them all. */
let lastBroadcast: ChatEvent | undefined;
let lastBroadcastLines: string[] = [];
let lastChannel = '';

function roomLines(event: Extract<ChatEvent, { type: 'broadcast' }>, view: RenderView): string[] {
  if (event !== lastBroadcast || view.channel !== lastChannel) {
    const command = event.notice ? 'NOTICE' : 'PRIVMSG';
    lastBroadcastLines = messageLines(userSource(event.from), command, view.channel, neutralize(event.text), event.action);
    lastBroadcast = event;
    lastChannel = view.channel;
  }
  return lastBroadcastLines;
}

/**
 * A stored message as a PRIVMSG from its sender: tagged with its time when the client enabled
 * server-time, otherwise with the time at the start of the text.
 */
export function renderStored(message: StoredMessage, nick: string, serverTime: boolean): string[] {
  const text = neutralize(message.text);
  if (serverTime) {
    return messageLines(userSource(message.from), 'PRIVMSG', nick, text, false, `@time=${message.storedAt.toISOString()} `);
  }
  const storedAt = message.storedAt.toISOString().slice(0, 19) + 'Z';
  return messageLines(userSource(message.from), 'PRIVMSG', nick, `(stored ${storedAt}) ${text}`);
}
