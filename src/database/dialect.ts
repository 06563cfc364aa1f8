import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { UserEntity } from './entities';
import { allPrepared } from './sqlite-driver';

export type ParamType = 'integer' | 'text' | 'timestamp';

/** A parameter list built alongside the SQL text that refers to it, in the order of that text. */
export interface SqlParams {
  /** Adds a value; returns its placeholder. */
  add(value: unknown, type?: ParamType): string;
  readonly values: unknown[];
}

/** A column of a multi-row INSERT: its name and type. */
export type InsertColumn = [name: string, type: ParamType];

/**
 * The SQL that differs between SQLite and PostgreSQL, behind one interface: repositories ask
 * the dialect of the database in use; nothing else looks at which one it is.
 */
export abstract class Dialect {
  abstract readonly kind: 'sqlite' | 'postgres';

  constructor(protected readonly dataSource: DataSource) {}

  abstract params(): SqlParams;

  /**
   * Runs `sql` (its placeholders from params()), a read or a write, and resolves with its rows
   * (a write's RETURNING) once it is done; a write outside a transaction has committed by then.
   * On SQLite the statement is kept prepared for the connection's life, so `sql` must be a fixed
   * text, not one that varies with the values (see inIds).
   */
  abstract rows<T>(sql: string, values: unknown[]): Promise<T[]>;

  /** `column IN (ids)` with the ids as one parameter, so the text is the same for any number of them. */
  abstract inIds(params: SqlParams, column: string, ids: number[]): string;

  /** A datetime as a query builder parameter, comparable with the stored column. */
  abstract date(value: Date): unknown;

  /** The later of two datetime expressions; the first may be NULL. */
  abstract laterOf(nullable: string, other: string): string;

  /** Inserts `rows` into `table` in one statement; resolves with their ids, in order. */
  abstract insertReturningIds(table: string, columns: InsertColumn[], rows: unknown[][]): Promise<number[]>;

  /**
   * Runs `work` so that its reads and writes hold together against other processes. On
   * PostgreSQL it is one transaction that first locks the users matching `lockUsers`; on
   * SQLite, whose single connection is shared by every session (a BEGIN there would sweep in
   * other sessions' statements), it runs as it is: callers serialise within the process.
   */
  abstract atomically<T>(work: (manager: EntityManager) => Promise<T>, lockUsers?: FindOptionsWhere<UserEntity>): Promise<T>;
}

/** SQLite keeps datetimes as UTC text ("YYYY-MM-DD HH:MM:SS.SSS"), the format TypeORM writes. */
export function sqliteDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

export class SqliteDialect extends Dialect {
  readonly kind = 'sqlite';

  params(): SqlParams {
    const values: unknown[] = [];
    return {
      values,
      add(value, type) {
        values.push(type === 'timestamp' && value instanceof Date ? sqliteDate(value) : value);
        return '?';
      },
    };
  }

  rows<T>(sql: string, values: unknown[]): Promise<T[]> {
    return allPrepared<T>(this.dataSource.manager, sql, values);
  }

  inIds(params: SqlParams, column: string, ids: number[]): string {
    return `${column} IN (SELECT value FROM json_each(${params.add(JSON.stringify(ids))}))`;
  }

  date(value: Date): unknown {
    return sqliteDate(value);
  }

  laterOf(nullable: string, other: string): string {
    // Two-argument MAX is NULL if either is; '' sorts before every date.
    return `MAX(COALESCE(${nullable}, ''), ${other})`;
  }

  async insertReturningIds(table: string, columns: InsertColumn[], rows: unknown[][]): Promise<number[]> {
    const params = this.params();
    const values = rows.map((row) => `(${row.map((value, i) => params.add(value, columns[i][1])).join(', ')})`);
    const lastId = (await this.dataSource.query(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) VALUES ${values.join(', ')}`,
      params.values,
    )) as number;
    // One statement on the only connection: its rows got consecutive ids, the last one lastId.
    return rows.map((_, i) => lastId - rows.length + 1 + i);
  }

  atomically<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }
}

const PG_TYPES: Record<ParamType, string> = { integer: 'integer', text: 'text', timestamp: 'timestamptz' };

export class PostgresDialect extends Dialect {
  readonly kind = 'postgres';

  params(): SqlParams {
    const values: unknown[] = [];
    return {
      values,
      add(value, type) {
        values.push(value);
        return type ? `$${values.length}::${PG_TYPES[type]}` : `$${values.length}`;
      },
    };
  }

  async rows<T>(sql: string, values: unknown[]): Promise<T[]> {
    // Structured: an UPDATE ... RETURNING otherwise comes back as [rows, count].
    const runner = this.dataSource.createQueryRunner();
    try {
      return (await runner.query(sql, values, true)).records as T[];
    } finally {
      await runner.release();
    }
  }

  inIds(params: SqlParams, column: string, ids: number[]): string {
    return `${column} = ANY(${params.add(ids)}::integer[])`;
  }

  date(value: Date): unknown {
    return value;
  }

  laterOf(nullable: string, other: string): string {
    // GREATEST ignores NULLs.
    return `GREATEST(${nullable}, ${other})`;
  }

  async insertReturningIds(table: string, columns: InsertColumn[], rows: unknown[][]): Promise<number[]> {
    const params = this.params();
    const values = rows.map((row) => `(${row.map((value, i) => params.add(value, columns[i][1])).join(', ')})`);
    // PostgreSQL returns the rows of a multi-row VALUES in the order given.
    const inserted = (await this.dataSource.query(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')}) VALUES ${values.join(', ')} RETURNING id`,
      params.values,
    )) as { id: number }[];
    return inserted.map((row) => Number(row.id));
  }

  atomically<T>(work: (manager: EntityManager) => Promise<T>, lockUsers?: FindOptionsWhere<UserEntity>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      if (lockUsers) {
        // In id order, so two transactions locking overlapping sets cannot deadlock.
        await manager.find(UserEntity, {
          select: { id: true },
          where: lockUsers,
          order: { id: 'ASC' },
          lock: { mode: 'for_no_key_update' },
        });
      }
      return work(manager);
    });
  }
}

/** The dialect of the database `dataSource` is connected to. */
export function dialectFor(dataSource: DataSource): Dialect {
  return dataSource.options.type === 'postgres' ? new PostgresDialect(dataSource) : new SqliteDialect(dataSource);
}
