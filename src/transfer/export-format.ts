import { z } from 'zod';

/**
 * `parley export` writes JSON lines: a header, then one record a line. Dates are ISO 8601
 * UTC with milliseconds. A reader refuses a format or a version it does not know.
 */
export const EXPORT_FORMAT = 'parley-export';
export const EXPORT_VERSION = 1;

const isoDate = z.iso.datetime();
const name = z.string().min(1).max(32);

export const headerSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.number().int(),
  exportedAt: isoDate,
});

export const userRecord = z.strictObject({
  type: z.literal('user'),
  username: name,
  /** argon2id, as stored: a plain password never enters or leaves the database. */
  passwordHash: z.string().startsWith('$argon2', { message: 'must be an argon2 hash' }),
  role: z.enum(['user', 'admin']),
  createdAt: isoDate,
  lastLoginAt: isoDate.nullable(),
  lastSeenAt: isoDate.nullable(),
  failedAttempts: z.number().int().min(0),
  failuresSinceLogin: z.number().int().min(0),
  lockedUntil: isoDate.nullable(),
});

export const blockRecord = z.strictObject({
  type: z.literal('block'),
  blocker: name,
  blocked: name,
  createdAt: isoDate,
});

export const messageRecord = z.strictObject({
  type: z.literal('message'),
  recipient: name,
  /** The sender's name as shown when sent, and its key; the account may be gone. */
  sender: name,
  senderKey: name,
  body: z.string(),
  createdAt: isoDate,
});

export const exportRecord = z.discriminatedUnion('type', [userRecord, blockRecord, messageRecord]);

export type ExportHeader = z.infer<typeof headerSchema>;
export type UserRecord = z.infer<typeof userRecord>;
export type BlockRecord = z.infer<typeof blockRecord>;
export type MessageRecord = z.infer<typeof messageRecord>;
export type ExportRecord = z.infer<typeof exportRecord>;

/** A line of an export file that cannot be read, said in one sentence. */
export class ExportFormatError extends Error {}

export function parseHeader(line: string | undefined, file: string): ExportHeader {
  const header = headerSchema.safeParse(parseJson(line ?? '', file, 1));
  if (!header.success) throw new ExportFormatError(`${file} is not a Parley export (line 1 is not its header); nothing was imported.`);
  if (header.data.version !== EXPORT_VERSION) {
    throw new ExportFormatError(
      `${file} is a version ${header.data.version} export; this Parley reads version ${EXPORT_VERSION}; nothing was imported.`,
    );
  }
  return header.data;
}

export function parseRecord(line: string, file: string, lineNumber: number): ExportRecord {
  const record = exportRecord.safeParse(parseJson(line, file, lineNumber));
  if (record.success) return record.data;
  const issue = record.error.issues[0];
  const field = issue.path.length > 0 ? ` field ${issue.path.join('.')}` : '';
  throw new ExportFormatError(`${file} line ${lineNumber}:${field} ${issue.message}; nothing was imported.`);
}

function parseJson(line: string, file: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new ExportFormatError(`${file} line ${lineNumber} is not JSON; nothing was imported.`);
  }
}
