import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parleyEnv, runParley, spawnServer, useScratchDir } from '../support/spawn-parley';

describe('parley import against a live server', () => {
  const root = useScratchDir();

  it('refuses while a server runs on the data dir, imports nothing, and works once it has stopped', async () => {
    const blocks = join(root(), 'blocked_user.txt');
    const users = join(root(), 'users.txt');
    writeFileSync(users, 'zoe zoe-pw\nyan yan-pw\n');
    writeFileSync(blocks, 'zoe yan\n');
    const env = parleyEnv(join(root(), 'data'));
    const { proc } = await spawnServer(env);

    const refused = await runParley(['import', '--users', users, '--blocks', blocks], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^parley: parley import cannot run while a Parley server uses this database \\(pid ${proc.pid} on .+, last seen \\d+ s ago\\).*Stop the server`),
    );
    expect(refused.stderr).not.toContain('    at ');
    expect((await runParley(['user', 'list'], env)).stdout).not.toMatch(/zoe/);

    proc.signal('SIGTERM');
    expect((await proc.waitForExit()).code).toBe(0);
    const imported = await runParley(['import', '--users', users, '--blocks', blocks], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/users\.txt: added 2, skipped 0/);
    expect(imported.stdout).toMatch(/blocked_user\.txt: added 1, skipped 0/);
  });
});
