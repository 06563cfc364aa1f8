import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by main.ts, for its side effect: keeps V8's young generation at its initial
 * size for the life of the process. Loading NestJS and TypeORM allocates a great many
 * short-lived objects; with the default growth V8 doubles the young generation meanwhile and
 * keeps those pages (8 MiB of RSS at rest when the flag came after the configuration's
 * modules had loaded, 27 MiB without it), and grows it again under the first load (logins of
 * 1000 idle sessions cost 44 KiB each instead of 23). Chat traffic allocates small,
 * short-lived objects: scavenging a small young generation more often cost no measurable CPU
 * per private message or broadcast delivery in the bench (docs/PERFORMANCE.md).
 */
setFlagsFromString('--semi-space-growth-factor=1');
