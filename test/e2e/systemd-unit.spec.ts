import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const DEPLOY = resolve(__dirname, '..', '..', 'deploy');
const UNIT = join(DEPLOY, 'parley.service');
const LOW_PORT = join(DEPLOY, 'parley-low-port.conf');

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
if (!hasSystemdAnalyze) console.warn('systemd-unit.spec: skipping systemd-analyze verify: systemd-analyze is not installed.');
const itWithSystemd = hasSystemdAnalyze ? it : it.skip;

/** The unit (and, if given, the low-port drop-in) in a scratch unit directory, checked by `systemd-analyze verify`. */
function verify(unitText: string, dropIn?: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-unit-'));
  try {
    writeFileSync(join(dir, 'parley.service'), unitText);
    if (dropIn !== undefined) {
      mkdirSync(join(dir, 'parley.service.d'));
      writeFileSync(join(dir, 'parley.service.d', 'low-port.conf'), dropIn);
    }
    // The trailing ':' keeps the system's own unit directories (for network-online.target).
    const result = spawnSync('systemd-analyze', ['verify', join(dir, 'parley.service')], {
      env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:`, SYSTEMD_LOG_COLOR: '0' },
      encoding: 'utf8',
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** key=value lines of the [Service] section (a key given twice keeps its last value). */
function serviceSettings(text: string): Map<string, string> {
  const section = text.split(/^\[/m).find((part) => part.startsWith('Service]')) ?? '';
  const settings = new Map<string, string>();
  for (const line of section.split('\n').slice(1)) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1], match[2]);
  }
  return settings;
}

describe('deploy/parley.service', () => {
  const unit = readFileSync(UNIT, 'utf8');
  const lowPort = readFileSync(LOW_PORT, 'utf8');

  itWithSystemd('passes systemd-analyze verify without a warning, alone and with the low-port drop-in', () => {
    expect(verify(unit)).toEqual({ status: 0, output: '' });
    expect(verify(unit, lowPort)).toEqual({ status: 0, output: '' });
  });

  itWithSystemd('is checked for real: verify reports a broken copy', () => {
    expect(verify(unit.replace('Restart=on-failure', 'Restart=sometimes')).output).toMatch(/restart specifier.*sometimes/i);
    // ...and reads the drop-in: a key that does not exist there is reported too.
    expect(verify(unit, `${lowPort}\nNoSuchSetting=yes\n`).output).toMatch(/low-port\.conf:\d+: Unknown key 'NoSuchSetting'/);
  });

  it('restarts on failure, runs as a dynamic user with the data dir in its state directory', () => {
    const service = serviceSettings(unit);
    expect(service.get('Type')).toMatch(/^(simple|notify)$/);
    expect(service.get('Restart')).toBe('on-failure');
    expect(service.get('DynamicUser')).toBe('yes');
    expect(service.get('StateDirectory')).toBe('parley');
    expect(service.get('Environment')).toBe('PARLEY_DATA_DIR=%S/parley');
    expect(service.get('ExecStart')).toMatch(/dist\/main\.js server$/);
    expect(service.get('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
  });

  it('is hardened and holds no capability unless the low-port drop-in grants CAP_NET_BIND_SERVICE alone', () => {
    const service = serviceSettings(unit);
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['PrivateTmp', 'yes'],
      ['ProtectHome', 'yes'],
      ['CapabilityBoundingSet', ''],
      ['AmbientCapabilities', ''],
    ]) {
      expect([key, service.get(key)]).toEqual([key, value]);
    }
    const dropIn = serviceSettings(lowPort);
    expect(dropIn.get('CapabilityBoundingSet')).toBe('CAP_NET_BIND_SERVICE');
    expect(dropIn.get('AmbientCapabilities')).toBe('CAP_NET_BIND_SERVICE');
    expect([...dropIn.keys()].sort()).toEqual(['AmbientCapabilities', 'CapabilityBoundingSet']);
  });
});
