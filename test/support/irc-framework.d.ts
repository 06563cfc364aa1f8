/** The part of irc-framework (4.14, no bundled types) the tests use. */
declare module 'irc-framework' {
  import { EventEmitter } from 'node:events';

  export interface ConnectOptions {
    host: string;
    port: number;
    nick: string;
    username?: string;
    gecos?: string;
    password?: string;
    account?: { account?: string; password?: string };
    tls?: boolean;
    rejectUnauthorized?: boolean;
    enable_echomessage?: boolean;
    auto_reconnect?: boolean;
    ping_interval?: number;
    ping_timeout?: number;
    message_max_length?: number;
  }

  export class Client extends EventEmitter {
    user: { nick: string };
    network: { cap: { enabled: string[] }; options: Record<string, unknown> };
    connected: boolean;
    connect(options: ConnectOptions): void;
    say(target: string, text: string): void;
    notice(target: string, text: string): void;
    action(target: string, text: string): void;
    join(channel: string): void;
    part(channel: string, reason?: string): void;
    raw(...args: string[]): void;
    quit(message?: string): void;
    changeNick(nick: string): void;
  }
}
