import { MigrationInterface, QueryRunner } from 'typeorm';

/** What GET /api/nodes shows of each running server: its line listener and its session count, refreshed by the heartbeat. */
export class LiveServerStatus1764600000000 implements MigrationInterface {
  name = 'LiveServerStatus1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "live_servers" ADD COLUMN "address" varchar(300) NOT NULL DEFAULT ''`);
    await queryRunner.query(`ALTER TABLE "live_servers" ADD COLUMN "sessions" integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "live_servers" DROP COLUMN "sessions"`);
    await queryRunner.query(`ALTER TABLE "live_servers" DROP COLUMN "address"`);
  }
}
