import { MigrationInterface, QueryRunner } from 'typeorm';

/** The PostgreSQL form of the SQLite migration of the same name. */
export class Cluster1764700000000 implements MigrationInterface {
  name = 'Cluster1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "session_history" ADD COLUMN "node_id" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "stored_messages" ADD COLUMN "message_id" varchar(36)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_stored_messages_message_id" ON "stored_messages" ("message_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_stored_messages_message_id"`);
    await queryRunner.query(`ALTER TABLE "stored_messages" DROP COLUMN "message_id"`);
    await queryRunner.query(`ALTER TABLE "session_history" DROP COLUMN "node_id"`);
  }
}
