import { Module } from '@nestjs/common';
import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';
import { DatabaseModule } from '../database/database.module';
import { AccountsService } from './accounts.service';
import { LoginBookkeeping } from './login-bookkeeping';
import { LoginCheck } from './login-check';
import { addressAttemptsProvider, pairLocksProvider } from '../cluster/cluster-throttles';
import { LoginGuard } from './login-guard';
import { Argon2PasswordHasher, PASSWORD_HASHER_OVERRIDE, PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

@Module({
  imports: [DatabaseModule],
  providers: [
    AccountsService,
    LoginGuard,
    addressAttemptsProvider,
    pairLocksProvider,
    LoginCheck,
    LoginBookkeeping,
    UsersRepository,
    {
      provide: PasswordHasher,
      inject: [PARLEY_CONFIG, PASSWORD_HASHER_OVERRIDE],
      useFactory: (config: ParleyConfig, override: PasswordHasher | null) => override ?? new Argon2PasswordHasher(config),
    },
  ],
  exports: [AccountsService, PasswordHasher],
})
export class AccountsModule {}
