import { MigrationInterface, QueryRunner } from 'typeorm';

/** The PostgreSQL form of the SQLite migration of the same name. */
export class AdminIndex1764800000000 implements MigrationInterface {
  name = 'AdminIndex1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_users_admins" ON "users" ("role") WHERE "role" = 'admin'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_users_admins"`);
  }
}
