import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * This process's id as a server (its live_servers row) and, in cluster mode, as a node: unique
 * across restarts, readable in logs and in GET /api/nodes, and at most 36 characters (the
 * live_servers id column).
 */
export class NodeIdentity {
  readonly id = `${hostname().slice(0, 20)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
