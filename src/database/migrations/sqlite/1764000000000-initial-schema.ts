import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "users" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "username" varchar(32) NOT NULL,
      "username_key" varchar(32) NOT NULL,
      "password_hash" varchar NOT NULL,
      "role" varchar(16) NOT NULL DEFAULT ('user'),
      "created_at" datetime NOT NULL DEFAULT (datetime('now')),
      "last_login_at" datetime,
      "last_seen_at" datetime,
      "failed_attempts" integer NOT NULL DEFAULT (0),
      "failures_since_login" integer NOT NULL DEFAULT (0),
      "locked_until" datetime)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_users_username_key" ON "users" ("username_key")`);
    await queryRunner.query(`CREATE INDEX "IDX_users_last_seen_at" ON "users" ("last_seen_at")`);

    await queryRunner.query(`CREATE TABLE "blocks" (
      "blocker_id" integer NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
      "blocked_id" integer NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
      "created_at" datetime NOT NULL DEFAULT (datetime('now')),
      PRIMARY KEY ("blocker_id", "blocked_id"))`);

    await queryRunner.query(`CREATE TABLE "stored_messages" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "recipient_id" integer NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
      "sender_name" varchar(32) NOT NULL,
      "sender_key" varchar(32) NOT NULL,
      "body" text NOT NULL,
      "created_at" datetime NOT NULL)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_stored_messages_recipient" ON "stored_messages" ("recipient_id", "id")`,
    );

    await queryRunner.query(`CREATE TABLE "session_history" (
      "id" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "user_id" integer NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
      "protocol" varchar(16) NOT NULL,
      "remote_address" varchar(64) NOT NULL,
      "started_at" datetime NOT NULL,
      "ended_at" datetime,
      "end_reason" varchar(32))`);
    await queryRunner.query(`CREATE INDEX "IDX_session_history_user" ON "session_history" ("user_id")`);

    await queryRunner.query(`CREATE TABLE "seed_imports" (
      "fingerprint" varchar(64) PRIMARY KEY NOT NULL,
      "imported_at" datetime NOT NULL DEFAULT (datetime('now')))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['seed_imports', 'session_history', 'stored_messages', 'blocks', 'users']) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
