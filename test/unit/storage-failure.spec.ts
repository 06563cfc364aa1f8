import { describeStorageFailure, isConstraintViolation } from '../../src/database/storage-failure';

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

  it.each([
    ['57014', 'the database did not answer in time'],
    ['57P01', 'the connection to the database was lost'],
    ['08006', 'the connection to the database was lost'],
    ['40P01', 'the database is busy with conflicting changes'],
    ['53100', "the database server's disk is full"],
    ['ECONNREFUSED', 'the connection to the database was lost'],
  ])('names the PostgreSQL code %s in words', (code, words) => {
    expect(describeStorageFailure({ driverError: { code } })).toBe(words);
  });

  it('recognises a PostgreSQL connection that died under a query (node-postgres gives no code)', () => {
    expect(describeStorageFailure(new Error('Connection terminated unexpectedly'))).toBe('the connection to the database was lost');
  });

  it('says nothing about errors that are not the database\'s', () => {
    expect(describeStorageFailure(new Error('boom'))).toBeUndefined();
    expect(describeStorageFailure(Object.assign(new Error('x'), { code: 'ERR_STREAM_DESTROYED' }))).toBeUndefined();
    expect(describeStorageFailure(Object.assign(new Error('x'), { code: '23505' }))).toBeUndefined();
    expect(describeStorageFailure(undefined)).toBeUndefined();
  });

  it('knows a constraint violation (a bad row, not a bad database) on both databases', () => {
    expect(isConstraintViolation({ code: 'SQLITE_CONSTRAINT' })).toBe(true);
    expect(isConstraintViolation({ driverError: { code: '23503' } })).toBe(true);
    expect(isConstraintViolation({ driverError: { code: '57014' } })).toBe(false);
    expect(isConstraintViolation(new Error('boom'))).toBe(false);
  });
});
