import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

/** Every migration, oldest first; they run at start, so upgrades never need a manual step. */
export const MIGRATIONS = [InitialSchema1764000000000];
