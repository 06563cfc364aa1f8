import { z } from 'zod';

const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);
const positiveInt = z.number().int().positive();

/** The shape of config/default.yaml; every object is strict so unknown keys are rejected. */
export const configSchema = z.strictObject({
  data: z.strictObject({ dir: z.string().min(1) }),
  line: z.strictObject({
    host,
    port,
    max_line_bytes: z.number().int().min(64).max(1 << 20),
    max_send_queue_bytes: z.number().int().min(64 * 1024),
  }),
  http: z.strictObject({
    host,
    port,
    session_minutes: positiveInt,
    login_attempts_per_minute: positiveInt,
  }),
  admin: z.strictObject({ password: z.string() }),
  lockout: z.strictObject({ attempts: positiveInt, seconds: positiveInt }),
  wholasthr: z.strictObject({ seconds: positiveInt }),
  stored_messages: z.strictObject({ quota: positiveInt }),
  argon2: z.strictObject({
    memory_kib: z.number().int().min(1024),
    time_cost: positiveInt,
    parallelism: z.number().int().min(1).max(16),
  }),
});

export type ParleyConfig = z.infer<typeof configSchema>;

/** Injection token for the validated, typed configuration. */
export const PARLEY_CONFIG = Symbol('PARLEY_CONFIG');
