import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
const positiveInt = z.number().int().positive();

/** postgres:// or postgresql://, with a host and a database name. */
export function isPostgresUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/** The shape of config/default.yaml; every object is strict so unknown keys are rejected. */
export const configSchema = z
  .strictObject({
    data: z.strictObject({
      dir: z.string().min(1),
      busy_timeout_ms: z.number().int().min(0).max(600_000),
    }),
    database: z.strictObject({
      url: z.string().refine((url) => url === '' || isPostgresUrl(url), {
        message: 'must be empty (SQLite in data.dir) or postgres://USER[:PASSWORD]@HOST:PORT/DB',
      }),
      statement_timeout_ms: z.number().int().min(0).max(3_600_000),
      pool_size: z.number().int().min(1).max(1000),
    }),
    line: z.strictObject({
      host,
      port,
      max_line_bytes: z.number().int().min(64).max(1 << 20),
      max_send_queue_bytes: z.number().int().min(64 * 1024),
      max_connections: positiveInt,
      max_connections_per_address: positiveInt,
      login_timeout_seconds: positiveInt,
      idle_timeout_seconds: positiveInt,
      idle_notice_seconds: positiveInt,
      commands_per_second: z.number().positive(),
      command_burst: positiveInt,
      flood_disconnect_drops: positiveInt,
      keepalive_seconds: z.number().int().min(0).max(7200),
    }),
    session: z.strictObject({ on_conflict: z.enum(['refuse', 'replace']) }),
    tls: z.strictObject({
      enabled: z.boolean(),
      host,
      port,
      cert: z.string(),
      key: z.string(),
    }),
    irc: z.strictObject({
      enabled: z.boolean(),
      host,
      port,
      tls_port: port,
      server_name: z.string().regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a host name with a dot, e.g. parley.local'),
      channel: z.string().regex(/^#[^\s,:\u0000-\u001f]{1,49}$/, 'must be # and 1-49 characters without spaces or commas'),
      topic: z.string().max(300),
      motd: z.string().max(4000),
      idle_timeout_seconds: z.number().int().min(0),
      ping_interval_seconds: positiveInt,
      ping_timeout_seconds: positiveInt,
    }),
    http: z.strictObject({
      host,
      port,
      session_minutes: positiveInt,
      login_attempts_per_minute: positiveInt,
    }),
    admin: z.strictObject({ password: z.string() }),
    accounts: z.strictObject({ min_password_length: z.number().int().min(1).max(1024) }),
    lockout: z.strictObject({
      attempts: positiveInt,
      seconds: positiveInt,
      scope: z.enum(['account', 'account+address']),
    }),
    login_throttle: z.strictObject({ max_failures: positiveInt, window_seconds: positiveInt }),
    wholasthr: z.strictObject({ seconds: positiveInt }),
    stored_messages: z.strictObject({ quota: positiveInt }),
    argon2: z.strictObject({
      memory_kib: z.number().int().min(1024),
      time_cost: positiveInt,
      parallelism: z.number().int().min(1).max(16),
    }),
    log: z.strictObject({
      format: z.enum(['auto', 'text', 'json']),
      level: z.enum(['debug', 'info', 'warn', 'error']),
      file: z.string(),
    }),
    cluster: z.strictObject({
      redis_url: z.string().regex(/^$|^rediss?:\/\//, 'must be empty or a redis:// (or rediss://) URL'),
      name: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
      session_ttl_seconds: z.number().int().min(2).max(3600),
    }),
  })
  .superRefine((config, context) => {
    if (config.line.idle_notice_seconds >= config.line.idle_timeout_seconds) {
      context.addIssue({
        code: 'custom',
        path: ['line', 'idle_notice_seconds'],
        message: 'must be less than line.idle_timeout_seconds',
      });
    }
    for (const file of ['cert', 'key'] as const) {
      if (config.tls.enabled && config.tls[file] === '') {
        context.addIssue({ code: 'custom', path: ['tls', file], message: 'is required when tls.enabled is true' });
      }
    }
  });

export type ParleyConfig = z.infer<typeof configSchema>;

/** Injection token for the validated, typed configuration. */
export const PARLEY_CONFIG = Symbol('PARLEY_CONFIG');
