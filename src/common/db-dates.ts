/**
 * SQLite keeps datetimes as UTC text ("YYYY-MM-DD HH:MM:SS.SSS"), the format TypeORM writes;
 * raw expressions must compare against the same text.
 */
export function toDbDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
