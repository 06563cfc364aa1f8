import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { USERNAME_PATTERN } from '../../accounts/username';
import { PageQueryDto } from '../dto/page.dto';
import { AUDIT_ACTIONS } from './audit.service';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Part of the acting admin's name, any case", example: 'adm' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS, example: 'user.delete' })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: string;

  @ApiPropertyOptional({ description: 'Entries whose target is this user', example: 'bob' })
  @IsOptional()
  @Matches(USERNAME_PATTERN, { message: 'user must be a valid username' })
  user?: string;

  @ApiPropertyOptional({ description: 'From this time on (ISO 8601)', example: '2026-11-24T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date or time' })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this time (ISO 8601)', example: '2026-11-25T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date or time' })
  to?: string;
}
