import { IrcClient } from '../irc-context';
import { IrcMessage } from '../irc-message';

/** One IRC command: preconditions as data, checked by the dispatcher before `run`. */
export interface IrcCommand {
  /** Parameters required; fewer get 461 ERR_NEEDMOREPARAMS. */
  readonly minParams: number;
  /** Allowed before registration completes; otherwise 451 ERR_NOTREGISTERED. */
  readonly usablePreReg: boolean;
  run(client: IrcClient, message: IrcMessage): void | Promise<void>;
}

export type IrcCommandTable = Record<string, IrcCommand>;
