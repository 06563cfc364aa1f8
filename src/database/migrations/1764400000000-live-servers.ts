import { MigrationInterface, QueryRunner } from 'typeorm';

/** The heartbeat rows of running servers (see ServerHeartbeat). */
export class LiveServers1764400000000 implements MigrationInterface {
  name = 'LiveServers1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "live_servers" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "host" varchar(255) NOT NULL,
      "pid" integer NOT NULL,
      "started_at" datetime NOT NULL,
      "seen_at" datetime NOT NULL)`);
    await queryRunner.query(`CREATE INDEX "IDX_live_servers_seen_at" ON "live_servers" ("seen_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "live_servers"`);
  }
}
