import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
const positiveInt = z.number().int().positive();

/** The shape of config/default.yaml; every object is strict so unknown keys are rejected. */
export const configSchema = z
  .strictObject({
    data: z.strictObject({
      dir: z.string().min(1),
      busy_timeout_ms: z.number().int().min(0).max(600_000),
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
    http: z.strictObject({
      host,
      port,
      session_minutes: positiveInt,
      login_attempts_per_minute: positiveInt,
    }),
    admin: z.strictObject({ password: z.string() }),
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
