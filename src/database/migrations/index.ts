import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { AdminApi1764200000000 } from './1764200000000-admin-api';
import { LiveServers1764400000000 } from './1764400000000-live-servers';

/** Every migration, oldest first; they run at start, so upgrades never need a manual step. */
export const MIGRATIONS = [InitialSchema1764000000000, AdminApi1764200000000, LiveServers1764400000000];
