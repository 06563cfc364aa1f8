import { ModuleRef } from '@nestjs/core';
import { AdminApp } from '../../src/admin/admin-app-options';
import { HttpListener } from '../../src/admin/http-listener';
import { loadConfig } from '../../src/config/load-config';
import { Gate } from '../support/deferred-gate';
import { until } from '../support/gated-hasher';

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

/** A listener whose admin application is a stub held at a gate: requests that come while it starts. */
class GatedListener extends HttpListener {
  readonly gate = new Gate();
  starts = 0;
  requestsReceived = 0;

  override async onModuleInit(): Promise<void> {
    // Runs after the listener's own handler for each request, so by then that request has asked for the app.
    this.server.on('request', () => this.requestsReceived++);
    await super.onModuleInit();
  }

  protected override async startAdmin(): Promise<AdminApp> {
    this.starts++;
    await this.gate.wait();
    return { handle: (_request, response) => response.end('from the admin app'), close: async () => undefined };
  }
}

describe('HttpListener while the admin application starts', () => {
  it('starts it once for the requests that arrive meanwhile, and answers each of them once it is up', async () => {
    const config = loadConfig({ env: {}, overrides: { 'data.dir': '/tmp/parley-unused', 'http.port': 0 } });
    const listener = new GatedListener(config, { logger: false }, {} as ModuleRef);
    await listener.onModuleInit();
    try {
      const url = `http://127.0.0.1:${listener.port}/health`;
      const responses = [fetch(url), fetch(url), fetch(url)];
      await until(() => listener.requestsReceived === 3);
      expect(listener.starts).toBe(1);
      listener.gate.resolve();
      const bodies = await Promise.all(responses.map(async (response) => (await response).text()));
      expect(bodies).toEqual(['from the admin app', 'from the admin app', 'from the admin app']);
      expect(listener.starts).toBe(1);
    } finally {
      listener.gate.resolve();
      await listener.beforeApplicationShutdown();
    }
  });
});
