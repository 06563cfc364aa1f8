import { AdminIndex1764800000000 } from './1764800000000-admin-index';
import * as postgres from './postgres';
import * as sqlite from './sqlite';

/**
 * Every migration, oldest first, per database: the same names and the same schema, in each
 * database's SQL (one class where the SQL is the same). They run at start, so upgrades never
 * need a manual step.
 */
export const MIGRATIONS = {
  sqlite: [
    sqlite.InitialSchema1764000000000,
    sqlite.AdminApi1764200000000,
    sqlite.LiveServers1764400000000,
    sqlite.LiveServerStatus1764600000000,
    sqlite.Cluster1764700000000,
    AdminIndex1764800000000,
  ],
  postgres: [
    postgres.InitialSchema1764000000000,
    postgres.AdminApi1764200000000,
    postgres.LiveServers1764400000000,
    postgres.LiveServerStatus1764600000000,
    postgres.Cluster1764700000000,
    AdminIndex1764800000000,
  ],
};
