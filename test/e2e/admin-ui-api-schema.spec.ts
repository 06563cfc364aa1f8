import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeDataDir, startServer, TestServer } from '../support/test-server';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'api-schema.mjs');

/**
 * The console's API types (admin-ui/src/api/schema.d.ts) are generated from the OpenAPI
 * document; the console type-checks against them. This fails when the server's document has
 * moved on, so the API and the console cannot drift apart silently.
 */
describe('admin console API types', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('match the OpenAPI document the running server publishes', async () => {
    const response = await fetch(`${server.httpUrl}/api/docs-json`);
    expect(response.status).toBe(200);
    const documentFile = join(server.dataDir, 'openapi.json');
    writeFileSync(documentFile, await response.text());

    const result = await promisify(execFile)(process.execPath, [SCRIPT, '--check', '--document', documentFile]).catch(
      (error: { stderr: string; code: number }) => error,
    );

    expect(result.stderr).toBe('');
    expect('code' in result ? result.code : 0).toBe(0);
  });
});
