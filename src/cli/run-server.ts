import { Logger } from '@nestjs/common';
import { createServerApp } from '../app';
import { loadConfig } from '../config/load-config';

/** `parley server [HOST] [PORT]`: runs until SIGINT/SIGTERM, then shuts down cleanly and exits 0. */
export async function runServer(host: string | undefined, port: string | undefined): Promise<void> {
  const config = loadConfig({ overrides: { 'line.host': host, 'line.port': port } });
  const app = await createServerApp(config);
  const logger = new Logger('parley');
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
