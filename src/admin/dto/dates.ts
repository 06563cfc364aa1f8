/** Dates leave the API as ISO 8601 UTC strings. */
export function isoDate(date: Date): string;
export function isoDate(date: Date | null): string | null;
export function isoDate(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
