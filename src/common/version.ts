import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Parley's version, from package.json (two levels up from both src/common and dist/common). */
export const PARLEY_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;
