import { NodeIdentity } from '../../src/cluster/node-identity';
import { DataSource } from 'typeorm';
import { LiveServerEntity } from '../../src/database/entities';
import { HEARTBEAT_STALE_MS, LiveServerError, LiveServersRepository, refuseIfServerLive, ServerHeartbeat } from '../../src/database/live-servers';
import { FakeClock } from '../support/fake-clock';
import { openMigratedSqlite } from '../support/migrated-sqlite';
import { makeDataDir, removeDataDir } from '../support/test-server';

describe('live server heartbeat (fake clock, real SQLite)', () => {
  const clock = new FakeClock(new Date('2026-03-01T12:00:00.000Z'));
  let dataDir: string;
  let dataSource: DataSource;
  let servers: LiveServersRepository;

  beforeAll(async () => {
    dataDir = makeDataDir();
    dataSource = await openMigratedSqlite(dataDir);
    servers = new LiveServersRepository(dataSource.getRepository(LiveServerEntity));
  });

  afterAll(async () => {
    await dataSource.destroy();
    removeDataDir(dataDir);
  });

  const check = () => refuseIfServerLive(servers, clock, 'parley import');

  it('refuses while a server is up, names it, and allows once it has shut down', async () => {
    const heartbeat = new ServerHeartbeat(servers, clock, new NodeIdentity());
    await heartbeat.onApplicationBootstrap();
    clock.advance(2000);

    await expect(check()).rejects.toThrow(LiveServerError);
    await expect(check()).rejects.toThrow(new RegExp(`^parley import cannot run while a Parley server uses this database \\(pid ${process.pid} on .+, last seen 2 s ago\\)`));

    await heartbeat.beforeApplicationShutdown();
    await expect(check()).resolves.toBeUndefined();
  });

  it('stops counting a server that died without removing its row once the row is stale', async () => {
    const heartbeat = new ServerHeartbeat(servers, clock, new NodeIdentity());
    await heartbeat.onApplicationBootstrap();
    // Killed: no shutdown, no more beats.
    clearInterval(heartbeat['timer']);

    clock.advance(HEARTBEAT_STALE_MS - 1000);
    await expect(check()).rejects.toThrow(LiveServerError);
    clock.advance(2000);
    await expect(check()).resolves.toBeUndefined();
  });
});
