import { DataSource } from 'typeorm';
import { PostgresDialect, SqliteDialect, sqliteDate } from '../../src/database/dialect';

/** The pure parts of each dialect; their SQL runs against both real databases in the e2e suites. */
describe('Dialect', () => {
  const noDataSource = {} as DataSource;
  const at = new Date('2026-11-24T05:12:00.123Z');

  it('SQLite: ? placeholders in order, datetimes as the UTC text TypeORM writes', () => {
    const params = new SqliteDialect(noDataSource).params();
    expect([params.add(7, 'integer'), params.add(at, 'timestamp'), params.add('x')]).toEqual(['?', '?', '?']);
    expect(params.values).toEqual([7, '2026-11-24 05:12:00.123', 'x']);
    expect(sqliteDate(at)).toBe('2026-11-24 05:12:00.123');
  });

  it('PostgreSQL: numbered, typed placeholders; datetimes stay Dates (timestamptz)', () => {
    const params = new PostgresDialect(noDataSource).params();
    expect([params.add(7, 'integer'), params.add(at, 'timestamp'), params.add('x')]).toEqual(['$1::integer', '$2::timestamptz', '$3']);
    expect(params.values).toEqual([7, at, 'x']);
  });

  it('the later of a nullable and another datetime in each SQL', () => {
    expect(new SqliteDialect(noDataSource).laterOf('a', 'b')).toBe("MAX(COALESCE(a, ''), b)");
    expect(new PostgresDialect(noDataSource).laterOf('a', 'b')).toBe('GREATEST(a, b)');
  });
});
