import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its initial size for the life of the server. Loading
 * NestJS, TypeORM and Swagger allocates a great many short-lived objects; with the default
 * growth V8 doubles the young generation up to its maximum meanwhile and keeps those pages
 * (27 MiB of RSS at rest), and grows it again under the first load (logins of 1000 idle
 * sessions cost 44 KiB each instead of 23). Chat traffic allocates small, short-lived
 * objects: scavenging a small young generation more often cost no measurable CPU per
 * private message or broadcast delivery in the bench (docs/PERFORMANCE.md).
 */
export function keepYoungGenerationSmall(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
