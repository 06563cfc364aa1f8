import Redis from 'ioredis';
import { ClusterSettings, clusterKey } from './cluster-settings';

/** What a claim records besides its owner and fence: enough to show the session on other nodes. */
export interface ClaimInfo {
  name: string;
  since: string;
  protocol: string;
  remoteAddress: string;
}

export interface ClaimValue extends ClaimInfo {
  node: string;
  fence: number;
}

// KEYS: claim, fence counter. ARGV: node, ttl ms, info JSON. The value is `node|fence|info`.
const CLAIM = `
local fence = redis.call('INCR', KEYS[2])
local value = ARGV[1] .. '|' .. fence .. '|' .. ARGV[3]
if redis.call('SET', KEYS[1], value, 'NX', 'PX', ARGV[2]) then return value end
return false`;

// KEYS: node key, claims... ARGV: ttl ms, values... Extends what is still ours; returns the indexes (1-based) lost.
const RENEW = `
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
local lost = {}
for i = 2, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[i] then redis.call('PEXPIRE', KEYS[i], ARGV[1])
  else table.insert(lost, i - 1) end
end
return lost`;

// KEYS: claim. ARGV: value. Deletes only our own claim.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * One session per account across the cluster: a lease per user in Redis (`SET NX PX` with a
 * fencing token from one counter), renewed by its node in one call for all of them, released by
 * compare-and-delete. A claim another node holds, or one that expired, is never extended.
 */
export class SessionClaims {
  /** This node's claims: user key → the exact value it set. */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly settings: ClusterSettings,
    private readonly node: string,
  ) {}

  /** Claims the user for this node: true if it got it, false if another node holds it; rejects if Redis is unreachable. */
  async claim(key: string, info: ClaimInfo): Promise<boolean> {
    const keys = [this.claimKey(key), clusterKey(this.settings, 'fence')];
    const value = (await this.redis.eval(CLAIM, 2, ...keys, this.node, this.settings.sessionTtlMs, JSON.stringify(info))) as
      | string
      | null;
    if (value === null) return false;
    this.held.set(key, value);
    return true;
  }

  async release(key: string): Promise<void> {
    const value = this.held.get(key);
    if (value === undefined) return;
    this.held.delete(key);
    await this.redis.eval(RELEASE, 1, this.claimKey(key), value);
  }

  /** Extends this node's liveness key and all its claims; returns the user keys whose claim is no longer ours. */
  async renew(): Promise<string[]> {
    const entries = [...this.held];
    const keys = [this.nodeKey(this.node), ...entries.map(([key]) => this.claimKey(key))];
    const lost = (await this.redis.eval(
      RENEW,
      keys.length,
      ...keys,
      this.settings.sessionTtlMs,
      ...entries.map(([, value]) => value),
    )) as number[];
    return lost.map((index) => {
      const [key, value] = entries[index - 1];
      if (this.held.get(key) === value) this.held.delete(key);
      return key;
    });
  }

  /** Claims of this node that must be set again after Redis returned; false where another node holds it now. */
  async reclaimAll(): Promise<string[]> {
    const lost: string[] = [];
    for (const [key, value] of [...this.held]) {
      const [, , info] = splitValue(value);
      this.held.delete(key);
      if (!(await this.claim(key, JSON.parse(info) as ClaimInfo))) lost.push(key);
    }
    return lost;
  }

  /** Every claim in the cluster (SCAN + MGET), for a node's view of the other nodes' sessions. */
  async snapshot(): Promise<Array<{ key: string } & ClaimValue>> {
    const prefix = this.claimKey('');
    const found: Array<{ key: string } & ClaimValue> = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length === 0) continue;
      const values = await this.redis.mget(...keys);
      keys.forEach((redisKey, index) => {
        const value = values[index];
        if (value) found.push({ key: redisKey.slice(prefix.length), ...parseValue(value) });
      });
    } while (cursor !== '0');
    return found;
  }

  /** Who holds the user's claim now, if anyone. */
  async holder(key: string): Promise<ClaimValue | undefined> {
    const value = await this.redis.get(this.claimKey(key));
    return value ? parseValue(value) : undefined;
  }

  /** Which of these nodes still have their liveness key. */
  async liveNodes(nodes: string[]): Promise<Set<string>> {
    if (nodes.length === 0) return new Set();
    const values = await this.redis.mget(...nodes.map((node) => this.nodeKey(node)));
    return new Set(nodes.filter((_, index) => values[index] !== null));
  }

  /** Marks this node alive (at start) or gone (at shutdown). */
  async markNode(alive: boolean): Promise<void> {
    if (alive) await this.redis.set(this.nodeKey(this.node), '1', 'PX', this.settings.sessionTtlMs);
    else await this.redis.del(this.nodeKey(this.node));
  }

  heldKeys(): string[] {
    return [...this.held.keys()];
  }

  private claimKey(key: string): string {
    return clusterKey(this.settings, 'session', key);
  }

  private nodeKey(node: string): string {
    return clusterKey(this.settings, 'node', node);
  }
}

function splitValue(value: string): [string, string, string] {
  const first = value.indexOf('|');
  const second = value.indexOf('|', first + 1);
  return [value.slice(0, first), value.slice(first + 1, second), value.slice(second + 1)];
}

export function parseValue(value: string): ClaimValue {
  const [node, fence, info] = splitValue(value);
  return { node, fence: Number(fence), ...(JSON.parse(info) as ClaimInfo) };
}
