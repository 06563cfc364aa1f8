import { Logger } from '@nestjs/common';
import { memoryLogOutput } from '../../src/logging/log-output';
import { LogLevelSetting, ParleyLogger } from '../../src/logging/parley-logger';
import { formatTextLine } from '../../src/logging/text-line';

function jsonLogger(level: LogLevelSetting = 'info') {
  const lines: string[] = [];
  const logger = new ParleyLogger(memoryLogOutput('json', (line) => lines.push(line)), level);
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

describe('ParleyLogger (JSON)', () => {
  it('writes one JSON object a line with time, level, context and message', () => {
    const { logger, lines, records } = jsonLogger();
    logger.log('line protocol listening on 127.0.0.1:4000', 'LineServer');
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    const [record] = records();
    expect(record).toMatchObject({ level: 'info', context: 'LineServer', message: 'line protocol listening on 127.0.0.1:4000' });
    expect(new Date(String(record.time)).toISOString()).toBe(record.time);
  });

  it('takes user, address, protocol and session from an entry object', () => {
    const { logger, records } = jsonLogger();
    logger.log({ message: 'alice logged in', user: 'alice', address: '127.0.0.1', protocol: 'line', session: 7 }, 'Presence');
    expect(records()[0]).toMatchObject({
      context: 'Presence',
      message: 'alice logged in',
      user: 'alice',
      address: '127.0.0.1',
      protocol: 'line',
      session: 7,
    });
  });

  it('works behind Nest\'s Logger, which call sites use', () => {
    const { logger, records } = jsonLogger();
    Logger.overrideLogger(logger);
    try {
      new Logger('Audit').warn({ message: 'admin action user.delete on bob', user: 'admin' });
      new Logger('Commands').error('whoelse by bob failed: disk I/O error');
    } finally {
      Logger.overrideLogger(false);
    }
    expect(records()).toEqual([
      expect.objectContaining({ level: 'warn', context: 'Audit', message: 'admin action user.delete on bob', user: 'admin' }),
      expect.objectContaining({ level: 'error', context: 'Commands', message: 'whoelse by bob failed: disk I/O error' }),
    ]);
    expect(records()[1]).not.toHaveProperty('stack');
  });

  it('keeps a stack trace passed to error() in its own field', () => {
    const { logger, records } = jsonLogger();
    logger.error('boom', 'Error: boom\n    at somewhere', 'ExceptionHandler');
    expect(records()[0]).toMatchObject({ level: 'error', context: 'ExceptionHandler', message: 'boom', stack: 'Error: boom\n    at somewhere' });
  });

  it('drops lines below log.level', () => {
    const { logger, records } = jsonLogger('warn');
    logger.log('routine', 'X');
    logger.debug('detail', 'X');
    logger.warn('odd', 'X');
    logger.error('bad', 'X');
    expect(records().map((record) => record.message)).toEqual(['odd', 'bad']);
  });

  it('keeps Nest\'s start-up chatter at debug level', () => {
    const quiet = jsonLogger('info');
    quiet.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(quiet.lines).toEqual([]);
    const verbose = jsonLogger('debug');
    verbose.logger.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(verbose.records()[0]).toMatchObject({ level: 'debug', context: 'InstanceLoader' });
  });

  it('never writes a field named password, token or text, whatever a call site passes', () => {
    const { logger, lines } = jsonLogger();
    logger.log({ message: 'careless call site', password: 'hunter2', token: 'parley_abc', text: 'private words' }, 'X');
    expect(lines[0]).not.toMatch(/hunter2|parley_abc|private words/);
    expect(JSON.parse(lines[0])).toMatchObject({ password: '[redacted]', token: '[redacted]', text: '[redacted]' });
  });
});

describe('ParleyLogger (text)', () => {
  it('renders time, level, context, message, then the fields', () => {
    const lines: string[] = [];
    const logger = new ParleyLogger(memoryLogOutput('text', (line) => lines.push(line)));
    logger.log({ message: 'alice logged in', user: 'alice', address: '::1', protocol: 'line', session: 3 }, 'Presence');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z  INFO \[Presence\] alice logged in \(user=alice address=::1 protocol=line session=3\)\n$/,
    );
  });

  it('quotes field values with spaces and prints a stack on the following lines', () => {
    const line = formatTextLine({ time: 't', level: 'error', context: 'C', message: 'm', reason: 'a b', stack: 'Error: m\n    at x' });
    expect(line).toBe('t ERROR [C] m (reason="a b")\nError: m\n    at x\n');
  });
});
