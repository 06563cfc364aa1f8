import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { AdminApi1764200000000 } from './1764200000000-admin-api';

/** Every migration, oldest first; they run at start, so upgrades never need a manual step. */
export const MIGRATIONS = [InitialSchema1764000000000, AdminApi1764200000000];
