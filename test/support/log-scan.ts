/** A parsed JSON log line, with the raw text it came from. */
export interface LogRecord {
  raw: string;
  record: Record<string, unknown>;
}

/** Every stdout line of a server logging JSON, parsed; a line that is not a JSON object fails the test. */
export function parseJsonLog(stdout: string): LogRecord[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((raw) => {
      let record: unknown;
      try {
        record = JSON.parse(raw);
      } catch {
        throw new Error(`log line is not JSON: ${JSON.stringify(raw)}`);
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error(`log line is not an object: ${raw}`);
      return { raw, record: record as Record<string, unknown> };
    });
}

const TOKEN_SHAPE = /parley_[A-Za-z0-9_-]{20,}/;
const FORBIDDEN = ['$argon2', 'Bearer ', 'authorization'];

/**
 * What leaked into a log, one sentence each: any of `secrets` (labelled), as written or as JSON
 * escapes it (so quotes or controls inside a secret cannot hide it), anything shaped like a
 * token secret, a password hash, an Authorization header.
 */
export function findLogLeaks(log: string, secrets: Record<string, string>): string[] {
  const leaks: string[] = [];
  const lines = log.split('\n');
  for (const [label, secret] of Object.entries(secrets)) {
    const forms = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
    const line = lines.findIndex((text) => [...forms].some((form) => text.includes(form)));
    if (line >= 0) leaks.push(`log line ${line + 1} contains ${label}: ${lines[line]}`);
  }
  lines.forEach((text, index) => {
    if (TOKEN_SHAPE.test(text)) leaks.push(`log line ${index + 1} contains a token secret: ${text}`);
    for (const word of FORBIDDEN) {
      if (text.toLowerCase().includes(word.toLowerCase())) leaks.push(`log line ${index + 1} contains ${word.trim()}: ${text}`);
    }
  });
  return leaks;
}
