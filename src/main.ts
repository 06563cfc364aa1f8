#!/usr/bin/env node
// First, before any module loads: see the file.
import './common/small-young-generation';
import 'reflect-metadata';
import { Command } from 'commander';
import { AccountError, describeAccountError } from './accounts/account-errors';
import { PARLEY_VERSION } from './common/version';
import { ConfigError } from './config/load-config';

// Subcommands load their modules on use: the client starts at once, without NestJS and TypeORM.

const program = new Command('parley')
  .description('Parley: a telnet-simple chat server with an admin console')
  .version(PARLEY_VERSION, '-V, --version', 'print the version');

program
  .command('server')
  .description('run the chat server (defaults from config: 127.0.0.1 4000)')
  .argument('[host]', 'address for the line protocol')
  .argument('[port]', 'port for the line protocol')
  .action(async (host?: string, port?: string) => {
    await (await import('./cli/run-server.js')).runServer(host, port);
  });

program
  .command('client')
  .description('interactive terminal client')
  .argument('<host>')
  .argument('<port>')
  .argument('<credentials>', 'USER:PASSWORD')
  .action(async (host: string, port: string, credentials: string) => {
    const { runClient } = await import('./cli/client.js');
    process.exitCode = await runClient(host, Number(port), credentials);
  });

program
  .command('import')
  .description('import the seed system\'s text files (idempotent)')
  .option('--users <file>', 'users.txt: USERNAME PASSWORD')
  .option('--blocks <file>', 'blocked_user.txt: USERNAME BLOCKED1 [BLOCKED2 ...]')
  .option('--messages <file>', 'stored_message.txt: RECIPIENT SENDER TEXT...')
  .option('--from <file>', 'a file written by parley export')
  .action(async (options: { users?: string; blocks?: string; messages?: string; from?: string }) =>
    (await import('./cli/import-command.js')).importSeedFiles(options),
  );

program
  .command('export')
  .description('write every account (password hashes, never passwords), block and stored message as JSON lines')
  .option('--to <file>', 'write to this file (default: standard output)')
  .action(async (options: { to?: string }) => (await import('./cli/export-command.js')).exportData(options));

const user = program.command('user').description('manage accounts');
user
  .command('add')
  .argument('<name>')
  .option('--password <password>', 'password (default: a random one, printed)')
  .option('--admin', 'give the account the admin role')
  .action(async (name: string, options: { password?: string; admin?: boolean }) =>
    (await import('./cli/user-commands.js')).addUser(name, options),
  );
user.command('list').action(async () => (await import('./cli/user-commands.js')).listUsers());

const token = program.command('token').description('manage API tokens for scripts');
token
  .command('create')
  .argument('<name>', 'what the token is for, e.g. nightly-backup')
  .option('--expires <days>', 'days until it expires (default: never)')
  .option('--user <admin>', 'the admin account it acts as (default: the first admin)')
  .action(async (name: string, options: { expires?: string; user?: string }) =>
    (await import('./cli/token-command.js')).createToken(name, options),
  );

program
  .command('doctor')
  .description('check this installation: config, data dir, database, ports, TLS certificate, Redis')
  .action(async () => {
    process.exitCode = await (await import('./cli/doctor/doctor-command.js')).runDoctor();
  });

program.parseAsync().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`parley: ${describeError(error, message)}\n`);
  process.exit(1);
});

function describeError(error: unknown, message: string): string {
  if (error instanceof ConfigError) return message;
  if (error instanceof AccountError) return describeAccountError(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return `cannot listen: address already in use (${message})`;
  if (code === 'EACCES') return `permission denied: ${message}`;
  return message;
}
