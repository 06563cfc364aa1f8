import { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Entities from rows of hand-written SQL, converted exactly as TypeORM converts them (the
 * driver's own hydration, column by column), without a query builder: for the queries of every
 * login, where building and running TypeORM's query cost more CPU than the query itself.
 */
export class EntityRows<T extends ObjectLiteral> {
  /** Every column of the table, for a SELECT list. */
  readonly columns: string;
  private readonly metadata: EntityMetadata;
  private readonly fields: ColumnMetadata[];

  constructor(
    private readonly dataSource: DataSource,
    target: new () => T,
  ) {
    this.metadata = dataSource.getMetadata(target);
    this.fields = this.metadata.columns.filter((column) => !column.isVirtual && column.relationMetadata === undefined);
    this.columns = this.fields.map((column) => column.databaseName).join(', ');
  }

  hydrate(row: Record<string, unknown>): T {
    const entity = this.metadata.create() as T;
    const driver = this.dataSource.driver;
    for (const column of this.fields) {
      column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    }
    return entity;
  }
}
