import { ModuleRef } from '@nestjs/core';
import { AboutService, withoutPassword } from '../../src/admin/about/about.service';
import { BootTime } from '../../src/common/boot-time';
import { HttpListener } from '../../src/admin/http-listener';
import { NodesService } from '../../src/admin/nodes/nodes.service';
import { IrcServer } from '../../src/gateway/irc/irc-server';
import { LineServer } from '../../src/gateway/line-server';
import { ParleyConfig } from '../../src/config/config.schema';
import { loadConfig } from '../../src/config/load-config';
import { FakeClock } from '../support/fake-clock';

const T = new Date('2026-11-24T07:00:00.000Z');

/** The server panel's data, from the config and the bound listeners (here: fixed ports). */
function about(extra: Record<string, unknown> = {}, settings: Record<string, unknown> = {}) {
  const config = { ...loadConfig({ env: {}, overrides: { 'data.dir': '/srv/parley', ...settings } }), ...extra } as ParleyConfig;
  const clock = new FakeClock(T);
  const ircOn = config.irc.enabled;
  const bound = new Map<unknown, unknown>([
    [LineServer, { port: 4001, tlsPort: config.tls.enabled ? 4444 : undefined }],
    [IrcServer, { port: ircOn ? 6668 : undefined, tlsPort: ircOn && config.tls.enabled ? 6698 : undefined }],
  ]);
  const modules = { get: (type: unknown) => bound.get(type) } as unknown as ModuleRef;
  const service = new AboutService(config, clock, new BootTime(clock), modules, { port: 8081 } as HttpListener, {} as NodesService, null);
  return { service, clock };
}

describe('AboutService', () => {
  it('reports the version, the uptime by the clock, the bound listeners (IRC too) and the SQLite file', async () => {
    const { service, clock } = about();
    clock.advance(90_000);
    expect(await service.about()).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      startedAt: T.toISOString(),
      uptimeSeconds: 90,
      listeners: [
        { name: 'admin HTTP', address: 'http://127.0.0.1:8081' },
        { name: 'line', address: '127.0.0.1:4001' },
        { name: 'irc', address: '127.0.0.1:6668' },
      ],
      database: { kind: 'sqlite', location: '/srv/parley/parley.sqlite' },
      clusterNodes: null,
    });
  });

  it('lists the TLS listeners (line and IRC) when TLS is on, and PostgreSQL without its password', async () => {
    const { service } = about(
      { database: { url: 'postgres://parley:s3cret@db:5432/parley' } },
      { 'tls.enabled': true, 'tls.cert': '/c.pem', 'tls.key': '/k.pem', 'irc.host': '0.0.0.0' },
    );
    const info = await service.about();
    expect(info.listeners.map((l) => `${l.name} ${l.address}`)).toEqual([
      'admin HTTP http://127.0.0.1:8081',
      'line 127.0.0.1:4001',
      'line (TLS) 127.0.0.1:4444',
      'irc 0.0.0.0:6668',
      'irc (TLS) 0.0.0.0:6698',
    ]);
    expect(info.database).toEqual({ kind: 'postgres', location: 'postgres://parley@db:5432/parley' });
    expect(JSON.stringify(info)).not.toContain('s3cret');
  });

  it('leaves out an IRC listener that is disabled', async () => {
    const { service } = about({}, { 'irc.enabled': false });
    expect((await service.about()).listeners.map((l) => l.name)).toEqual(['admin HTTP', 'line']);
  });

  it('strips the password from a database URL, even one that does not parse as a URL', async () => {
    expect(withoutPassword('postgres://u:p%40ss@h/db')).toBe('postgres://u@h/db');
    expect(withoutPassword('postgres://u@h/db')).toBe('postgres://u@h/db');
    expect(withoutPassword('postgres://u:pw@h:notaport/db')).toBe('postgres://u@h:notaport/db');
  });
});
