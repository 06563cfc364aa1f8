import { hash, verify } from '@node-rs/argon2';
import { Inject, Injectable } from '@nestjs/common';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';

/** A hasher to use instead of argon2id (tests gate verifies with it); null in production. */
export const PASSWORD_HASHER_OVERRIDE = 'parley:password-hasher-override';

export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  abstract verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id (the library's default algorithm) with costs from the argon2 config section. */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  private readonly options: { memoryCost: number; timeCost: number; parallelism: number };

  constructor(@Inject(PARLEY_CONFIG) config: ParleyConfig) {
    super();
    this.options = {
      memoryCost: config.argon2.memory_kib,
      timeCost: config.argon2.time_cost,
      parallelism: config.argon2.parallelism,
    };
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }
}
