import { MigrationInterface, QueryRunner } from 'typeorm';

/** Bearer tokens of the admin API and the audit log of admin actions. */
export class AdminApi1764200000000 implements MigrationInterface {
  name = 'AdminApi1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_tokens" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "user_id" integer NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
      "name" varchar(64) NOT NULL,
      "kind" varchar(16) NOT NULL,
      "token_hash" varchar(64) NOT NULL,
      "created_at" datetime NOT NULL,
      "expires_at" datetime,
      "last_used_at" datetime)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_api_tokens_token_hash" ON "api_tokens" ("token_hash")`);
    await queryRunner.query(`CREATE INDEX "IDX_api_tokens_user" ON "api_tokens" ("user_id")`);

    await queryRunner.query(`CREATE TABLE "audit_log" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "at" datetime NOT NULL,
      "actor" varchar(64) NOT NULL,
      "action" varchar(32) NOT NULL,
      "target" varchar(128),
      "address" varchar(64))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_log_at" ON "audit_log" ("at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP TABLE "api_tokens"`);
  }
}
