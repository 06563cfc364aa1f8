import { ModuleRef } from '@nestjs/core';
import { HttpListener } from '../../src/admin/http-listener';
import { loadConfig } from '../../src/config/load-config';

/** The core's admin listener over a real socket, with a core whose providers cannot be found. */
describe('HttpListener', () => {
  const config = loadConfig({ env: {}, overrides: { 'data.dir': '/tmp/parley-unused', 'http.port': 0 } });
  let lookups = 0;
  const brokenCore = {
    get: () => {
      lookups++;
      throw new Error('no such provider');
    },
  } as unknown as ModuleRef;
  let listener: HttpListener;

  beforeEach(async () => {
    lookups = 0;
    listener = new HttpListener(config, { logger: false }, brokenCore);
    await listener.onModuleInit();
  });

  afterEach(async () => {
    await listener.beforeApplicationShutdown();
  });

  it('answers 503 with a clear message when the admin application cannot start, and tries again on the next request', async () => {
    const url = `http://127.0.0.1:${listener.port}/health`;
    const first = await fetch(url);
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({ statusCode: 503, message: 'The admin console cannot start; see the server log' });
    expect(listener.loaded).toBe(false);
    const afterFirst = lookups;
    expect(afterFirst).toBeGreaterThan(0);

    expect((await fetch(url)).status).toBe(503);
    expect(lookups).toBeGreaterThan(afterFirst);
  });
});
