import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../config/load-config';

export const DATABASE_FILE = 'parley.sqlite';

/** Makes sure the data directory exists and is usable, or says which setting is wrong. */
export function prepareDataDir(dir: string): string {
  const absolute = resolve(dir);
  try {
    mkdirSync(absolute, { recursive: true });
    if (!statSync(absolute).isDirectory()) throw new Error('it is not a directory');
    accessSync(absolute, constants.R_OK | constants.W_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`Invalid setting data.dir (PARLEY_DATA_DIR): cannot use ${absolute} as data directory: ${reason}.`);
  }
  return absolute;
}
