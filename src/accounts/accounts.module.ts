import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { AccountsService } from './accounts.service';
import { LoginCheck } from './login-check';
import { LoginGuard } from './login-guard';
import { Argon2PasswordHasher, PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

@Module({
  imports: [DatabaseModule],
  providers: [AccountsService, LoginGuard, LoginCheck, UsersRepository, { provide: PasswordHasher, useClass: Argon2PasswordHasher }],
  exports: [AccountsService, PasswordHasher],
})
export class AccountsModule {}
