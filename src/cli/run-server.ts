import { Logger } from '@nestjs/common';
import { createServerApp } from '../app';
import { compactHeapAfterBoot } from '../common/boot-memory';
import { PARLEY_VERSION } from '../common/version';
import { loadConfig } from '../config/load-config';
import { openLogOutput } from '../logging/log-output';
import { ParleyLogger } from '../logging/parley-logger';

/**
 * `parley server [HOST] [PORT]`: runs until SIGINT/SIGTERM, then shuts down cleanly and exits 0.
 * SIGHUP reopens the log file (after logrotate moved it) and reloads nothing else.
 */
export async function runServer(host: string | undefined, port: string | undefined): Promise<void> {
  const config = loadConfig({ overrides: { 'line.host': host, 'line.port': port } });
  const parleyLogger = new ParleyLogger(openLogOutput(config.log), config.log.level);
  Logger.overrideLogger(parleyLogger);
  const logger = new Logger('parley');
  process.on('SIGHUP', () => reopenLog(parleyLogger, logger));
  logger.log(`Parley ${PARLEY_VERSION} starting (Node ${process.version})`);
  const app = await createServerApp(config, { logger: parleyLogger });
  compactHeapAfterBoot();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function reopenLog(parleyLogger: ParleyLogger, logger: Logger): void {
  const file = parleyLogger.output.file;
  if (!file) {
    logger.log('SIGHUP received: logging to stdout, nothing to reopen (configuration is not reloaded)');
    return;
  }
  try {
    parleyLogger.reopen();
    logger.log(`SIGHUP received: reopened the log file ${file} (configuration is not reloaded)`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    process.stderr.write(`parley: SIGHUP: cannot reopen the log file ${file}: ${reason}; still writing to the file it had open\n`);
  }
}
