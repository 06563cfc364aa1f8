import { ConfigError } from '../config/load-config';

const SETTING = 'database.url (PARLEY_DATABASE_URL)';

/** The URL with its password hidden, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Connects once before the application boots, so an unreachable or misnamed database stops
 * the start with one line naming the setting, instead of a framework stack trace.
 */
export async function probePostgres(url: string, timeoutMs = 5000): Promise<void> {
  // Loaded here: a server on SQLite never needs the pg driver (about 2 MiB).
  const { Client } = (await import('pg')).default;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // An error after connect (the server going away mid-probe) must not crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new ConfigError(`Invalid setting ${SETTING}: cannot connect to ${redactUrl(url)}: ${connectFailure(error)}.`);
  } finally {
    await client.end().catch(() => {});
  }
}

function connectFailure(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is PostgreSQL running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host';
    case 'ETIMEDOUT':
      return 'the connection timed out';
    case '28P01':
    case '28000':
      return `authentication failed (${message})`;
    case '3D000':
      return `${message}; create it first (CREATE DATABASE)`;
    default:
      return message || String(code ?? error);
  }
}
