import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin accounts found without reading the users table: every start asks whether an admin
 * exists (and the role changes count them), which scanned every row when the admin was created
 * after the accounts, as after a seed import; with 10,000 users that scan left 2.5–4 MiB of
 * SQLite page cache and allocator memory in the server at rest. The same SQL on both databases.
 */
export class AdminIndex1764800000000 implements MigrationInterface {
  name = 'AdminIndex1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_users_admins" ON "users" ("role") WHERE "role" = 'admin'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_users_admins"`);
  }
}
