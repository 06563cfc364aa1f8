import { describeStorageFailure } from '../../src/database/storage-failure';

describe('describeStorageFailure', () => {
  it.each([
    ['SQLITE_BUSY', 'the database is locked by another process'],
    ['SQLITE_LOCKED', 'the database is locked by another process'],
    ['SQLITE_FULL', "the server's disk is full"],
    ['SQLITE_READONLY', 'the database is read-only'],
    ['SQLITE_IOERR', 'the database cannot be read or written'],
  ])('names %s in words', (code, words) => {
    expect(describeStorageFailure(Object.assign(new Error(`${code}: x`), { code }))).toBe(words);
  });

  it('finds the code on the driver error that TypeORM wraps', () => {
    expect(describeStorageFailure({ driverError: { code: 'SQLITE_READONLY' } })).toBe('the database is read-only');
  });

  it('says nothing about errors that are not SQLite result codes', () => {
    expect(describeStorageFailure(new Error('boom'))).toBeUndefined();
    expect(describeStorageFailure(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(describeStorageFailure(undefined)).toBeUndefined();
  });
});
