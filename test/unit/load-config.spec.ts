import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CONFIG_DIR, ConfigError, envNameFor, loadConfig } from '../../src/config/load-config';

const REPO_CONFIG_DIR = resolve(__dirname, '..', '..', 'config');

/** The error loadConfig throws for these options; fails the test if it does not throw one. */
function configErrorFor(options: Parameters<typeof loadConfig>[0]): ConfigError {
  try {
    loadConfig(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected loadConfig to throw a ConfigError');
}

describe('loadConfig', () => {
  /** A config directory holding a copy of the repository's default.yaml and nothing else. */
  let configDir: string;

  beforeEach(() => {
    configDir = mkdtempSync(join(tmpdir(), 'parley-config-'));
    copyFileSync(join(REPO_CONFIG_DIR, 'default.yaml'), join(configDir, 'default.yaml'));
  });

  afterEach(() => {
    rmSync(configDir, { recursive: true, force: true });
  });

  const writeLocal = (yaml: string) => writeFileSync(join(configDir, 'local.yaml'), yaml);

  describe('defaults', () => {
    it('reads config/ of the repository when no directory is given', () => {
      expect(resolve(CONFIG_DIR)).toBe(REPO_CONFIG_DIR);
    });

    it('takes every value from default.yaml when nothing overrides it', () => {
      const config = loadConfig({ env: {}, configDir });
      expect(config.line.port).toBe(4000);
      expect(config.line.host).toBe('127.0.0.1');
      expect(config.line.max_line_bytes).toBe(4096);
      expect(config.http.port).toBe(8080);
      expect(config.http.host).toBe('127.0.0.1');
      expect(config.lockout).toEqual({ attempts: 3, seconds: 60, scope: 'account' });
      expect(config.wholasthr.seconds).toBe(3600);
      expect(config.data.dir).toBe('./data');
      expect(config.admin.password).toBe('');
    });

    it('ignores environment variables that do not start with PARLEY_', () => {
      const config = loadConfig({ env: { PATH: '/bin', HOME: '/root', LOCKOUT_SECONDS: '5' }, configDir });
      expect(config.lockout.seconds).toBe(60);
    });

    it('fails with a ConfigError when default.yaml is missing', () => {
      rmSync(join(configDir, 'default.yaml'));
      expect(configErrorFor({ env: {}, configDir }).message).toContain('default.yaml');
    });
  });

  describe('environment', () => {
    it('names each setting PARLEY_ + its path in upper case with _ for dots', () => {
      expect(envNameFor('lockout.seconds')).toBe('PARLEY_LOCKOUT_SECONDS');
      expect(envNameFor('line.max_line_bytes')).toBe('PARLEY_LINE_MAX_LINE_BYTES');
    });

    it.each([
      ['PARLEY_LOCKOUT_SECONDS', '5', (c: ReturnType<typeof loadConfig>) => c.lockout.seconds, 5],
      ['PARLEY_LOCKOUT_ATTEMPTS', '7', (c: ReturnType<typeof loadConfig>) => c.lockout.attempts, 7],
      ['PARLEY_DATA_DIR', '/var/lib/parley', (c: ReturnType<typeof loadConfig>) => c.data.dir, '/var/lib/parley'],
      ['PARLEY_HTTP_PORT', '9090', (c: ReturnType<typeof loadConfig>) => c.http.port, 9090],
      ['PARLEY_HTTP_HOST', '0.0.0.0', (c: ReturnType<typeof loadConfig>) => c.http.host, '0.0.0.0'],
      ['PARLEY_ADMIN_PASSWORD', 's3cret', (c: ReturnType<typeof loadConfig>) => c.admin.password, 's3cret'],
      ['PARLEY_LINE_MAX_LINE_BYTES', '8192', (c: ReturnType<typeof loadConfig>) => c.line.max_line_bytes, 8192],
      ['PARLEY_WHOLASTHR_SECONDS', '120', (c: ReturnType<typeof loadConfig>) => c.wholasthr.seconds, 120],
    ])('overrides the setting with %s=%s', (name, value, read, expected) => {
      expect(read(loadConfig({ env: { [name]: value }, configDir }))).toBe(expected);
    });

    it('turns numeric settings from the environment into numbers', () => {
      expect(typeof loadConfig({ env: { PARLEY_LINE_PORT: '4001' }, configDir }).line.port).toBe('number');
    });

    it('keeps string settings that look like numbers as strings', () => {
      expect(loadConfig({ env: { PARLEY_ADMIN_PASSWORD: '1234' }, configDir }).admin.password).toBe('1234');
    });

    it('leaves other settings at their defaults', () => {
      const config = loadConfig({ env: { PARLEY_LOCKOUT_SECONDS: '5' }, configDir });
      expect(config.lockout.attempts).toBe(3);
      expect(config.line.port).toBe(4000);
    });

    it('rejects an unknown PARLEY_ variable, naming it', () => {
      const error = configErrorFor({ env: { PARLEY_NOPE: '1' }, configDir });
      expect(error.message).toContain('PARLEY_NOPE');
    });

    it('rejects a variable naming a section rather than a setting', () => {
      expect(configErrorFor({ env: { PARLEY_LOCKOUT: '5' }, configDir }).message).toContain('PARLEY_LOCKOUT');
    });

    it('rejects a port out of range, naming the setting and the variable', () => {
      const error = configErrorFor({ env: { PARLEY_LINE_PORT: '70000' }, configDir });
      expect(error.message).toContain('line.port');
      expect(error.message).toContain('PARLEY_LINE_PORT');
    });

    it('rejects a negative port', () => {
      expect(configErrorFor({ env: { PARLEY_HTTP_PORT: '-1' }, configDir }).message).toContain('http.port');
    });

    it.each(['abc', '', '  ', '12abc', '1.5'])('rejects %j where a whole number is expected', (value) => {
      const error = configErrorFor({ env: { PARLEY_LOCKOUT_SECONDS: value }, configDir });
      expect(error.message).toContain('lockout.seconds');
      expect(error.message).toContain('PARLEY_LOCKOUT_SECONDS');
    });

    it('rejects zero where a positive number is expected', () => {
      expect(configErrorFor({ env: { PARLEY_LOCKOUT_ATTEMPTS: '0' }, configDir }).message).toContain('lockout.attempts');
    });
  });

  describe('local.yaml', () => {
    it('overrides a value of default.yaml and keeps the others', () => {
      writeLocal('lockout:\n  seconds: 10\n');
      const config = loadConfig({ env: {}, configDir });
      expect(config.lockout.seconds).toBe(10);
      expect(config.lockout.attempts).toBe(3);
    });

    it('is optional, and may be empty', () => {
      writeLocal('# nothing here\n');
      expect(loadConfig({ env: {}, configDir }).line.port).toBe(4000);
    });

    it('loses to the environment', () => {
      writeLocal('lockout:\n  seconds: 10\n');
      expect(loadConfig({ env: { PARLEY_LOCKOUT_SECONDS: '20' }, configDir }).lockout.seconds).toBe(20);
    });

    it('rejects an unknown key, naming it', () => {
      writeLocal('lockout:\n  minutes: 10\n');
      expect(configErrorFor({ env: {}, configDir }).message).toContain('lockout.minutes');
    });

    it('rejects an unknown section, naming it', () => {
      writeLocal('gopher:\n  port: 70\n');
      expect(configErrorFor({ env: {}, configDir }).message).toContain('gopher');
    });

    it('rejects a value of the wrong type, naming the setting', () => {
      writeLocal('line:\n  port: "four thousand"\n');
      expect(configErrorFor({ env: {}, configDir }).message).toContain('line.port');
    });

    it('rejects malformed YAML, naming the file', () => {
      writeLocal('lockout:\n  seconds: [10\n  attempts: 3\n');
      expect(configErrorFor({ env: {}, configDir }).message).toContain('local.yaml');
    });

    it('rejects a file whose top level is not a mapping', () => {
      writeLocal('- lockout\n- seconds\n');
      expect(configErrorFor({ env: {}, configDir }).message).toContain('local.yaml');
    });
  });

  describe('overrides', () => {
    it('win over the environment and local.yaml', () => {
      writeLocal('line:\n  port: 4100\n');
      const config = loadConfig({ env: { PARLEY_LINE_PORT: '4200' }, configDir, overrides: { 'line.port': 4300 } });
      expect(config.line.port).toBe(4300);
    });

    it('convert strings for numeric settings, like the environment', () => {
      expect(loadConfig({ env: {}, configDir, overrides: { 'line.port': '5000' } }).line.port).toBe(5000);
    });

    it('ignore undefined values', () => {
      expect(loadConfig({ env: {}, configDir, overrides: { 'line.host': undefined } }).line.host).toBe('127.0.0.1');
    });

    it('reject an unknown setting, naming it', () => {
      expect(configErrorFor({ env: {}, configDir, overrides: { 'line.colour': 'red' } }).message).toContain('line.colour');
    });

    it('reject an out-of-range value, naming the setting', () => {
      expect(configErrorFor({ env: {}, configDir, overrides: { 'line.port': 70000 } }).message).toContain('line.port');
    });
  });

  it('phrases every ConfigError as one line', () => {
    const messages = [
      configErrorFor({ env: { PARLEY_NOPE: '1' }, configDir }),
      configErrorFor({ env: { PARLEY_LINE_PORT: '70000' }, configDir }),
      configErrorFor({ env: { PARLEY_LINE_PORT: 'abc' }, configDir }),
      configErrorFor({ env: {}, configDir, overrides: { 'nope.nope': 1 } }),
    ].map((error) => error.message);
    const fromFiles = [
      'lockout:\n  minutes: 10\n',
      'lockout:\n  seconds: [10\n  attempts: 3\n',
      'lockout: {seconds: 5\n',
      'a: b: c\n',
      '\tline: 1\n',
      '- a\n',
      'line: 5\n',
    ].map((yaml) => {
      writeLocal(yaml);
      return configErrorFor({ env: {}, configDir }).message;
    });
    writeFileSync(join(configDir, 'default.yaml'), 'line:\n  port: [1\n   host: x\n');
    rmSync(join(configDir, 'local.yaml'));
    const brokenDefaults = configErrorFor({ env: {}, configDir }).message;

    for (const message of [...messages, ...fromFiles, brokenDefaults]) {
      expect(message).not.toBe('');
      expect(message).not.toMatch(/[\r\n]/);
    }
  });
});
