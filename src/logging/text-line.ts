/** Keys every line has; they are laid out in the line's head rather than as `key=value`. */
const HEAD_KEYS = new Set(['time', 'level', 'context', 'message', 'stack', 'pid']);

/**
 * One JSON log record (as pino writes it) as a line for people: time, level, context and
 * message, then the other fields as key=value, then a stack trace (if any) on its own lines.
 */
export function formatTextLine(record: Record<string, unknown>): string {
  const level = String(record.level ?? 'info').toUpperCase().padStart(5);
  const context = record.context ? ` [${String(record.context)}]` : '';
  const fields = Object.entries(record)
    .filter(([key, value]) => !HEAD_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${fieldText(value)}`);
  const tail = fields.length > 0 ? ` (${fields.join(' ')})` : '';
  const stack = typeof record.stack === 'string' ? `\n${record.stack}` : '';
  return `${String(record.time)} ${level}${context} ${String(record.message ?? '')}${tail}${stack}\n`;
}

function fieldText(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=()]/.test(text) || text === '' ? JSON.stringify(text) : text;
}
