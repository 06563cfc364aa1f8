import { Module } from '@nestjs/common';
import { DatabaseModule } from '../../database/database.module';
import { TokensRepository } from './tokens.repository';
import { TokensService } from './tokens.service';

/** API tokens, shared by the HTTP module and `parley token create`. */
@Module({
  imports: [DatabaseModule],
  providers: [TokensRepository, TokensService],
  exports: [TokensService],
})
export class TokensModule {}
