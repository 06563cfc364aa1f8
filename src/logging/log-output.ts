import pino from 'pino';
import { ConfigError } from '../config/load-config';
import { formatTextLine } from './text-line';

export type LogFormat = 'text' | 'json';

export interface LogOutputSettings {
  format: 'auto' | LogFormat;
  file: string;
}

/** Where log lines go: stdout or a file (which SIGHUP reopens), as JSON or as text. */
export interface LogOutput {
  readonly format: LogFormat;
  /** What pino writes its JSON lines to. */
  readonly stream: pino.DestinationStream;
  /** The log file, or undefined when logging to stdout. */
  readonly file: string | undefined;
  /** Reopens the log file under its name (after logrotate moved it); throws if it cannot. */
  reopen(): void;
}

/** A log line is short: synchronous writes keep lines in order and none is lost at exit, as with Nest's console logger. */
export function openLogOutput(settings: LogOutputSettings, stdoutIsTerminal = Boolean(process.stdout.isTTY)): LogOutput {
  const file = settings.file === '' ? undefined : settings.file;
  const destination = file ? openFile(file) : pino.destination({ dest: 1, sync: true });
  const format = settings.format !== 'auto' ? settings.format : !file && stdoutIsTerminal ? 'text' : 'json';
  return {
    format,
    file,
    stream: format === 'json' ? destination : { write: (line: string) => destination.write(toText(line)) },
    reopen: () => {
      if (file) destination.reopen();
    },
  };
}

/** An output for tests and tools: every line handed to `write`. */
export function memoryLogOutput(format: LogFormat, write: (line: string) => void): LogOutput {
  return {
    format,
    file: undefined,
    stream: { write: format === 'json' ? write : (line: string) => write(toText(line)) },
    reopen: () => {},
  };
}

function openFile(file: string) {
  try {
    return pino.destination({ dest: file, sync: true, append: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Invalid setting log.file (PARLEY_LOG_FILE): cannot open ${file}: ${reason}.`);
  }
}

function toText(line: string): string {
  return formatTextLine(JSON.parse(line) as Record<string, unknown>);
}
