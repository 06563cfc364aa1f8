import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { USERNAME_PATTERN } from '../../accounts/username';
import { PageQueryDto } from './page.dto';

const NAME_FILTER = { message: '$property must be a valid username' };

export class LockoutDto {
  @ApiProperty({ example: 'bob' })
  username!: string;

  @ApiProperty({ example: '2026-11-24T07:21:00.000Z' })
  lockedUntil!: string;

  @ApiProperty({ example: 42 })
  secondsRemaining!: number;

  @ApiProperty({ example: 0 })
  failedAttempts!: number;
}

export class MessageQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'bo', description: 'Part of the recipient\'s name, any case' })
  @IsOptional()
  @Matches(USERNAME_PATTERN, NAME_FILTER)
  recipient?: string;

  @ApiPropertyOptional({ example: 'ali', description: 'Part of the sender\'s name, any case' })
  @IsOptional()
  @Matches(USERNAME_PATTERN, NAME_FILTER)
  sender?: string;
}

export class StoredMessageDto {
  @ApiProperty({ example: 17 })
  id!: number;

  @ApiProperty({ example: 'bob' })
  recipient!: string;

  @ApiProperty({ example: 'alice' })
  sender!: string;

  @ApiProperty({ example: 'are you there?' })
  text!: string;

  @ApiProperty({ example: '2026-11-24T05:12:00.000Z' })
  storedAt!: string;
}

export class SessionDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ example: '2026-11-24T07:16:22.000Z' })
  since!: string;

  @ApiProperty({ example: '127.0.0.1' })
  address!: string;

  @ApiProperty({ example: 'line' })
  protocol!: string;
}

export class BlockQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Blocks this user made or is the target of', example: 'bob' })
  @IsOptional()
  @Matches(USERNAME_PATTERN, NAME_FILTER)
  user?: string;
}

export class BlockDto {
  @ApiProperty({ example: 'bob', description: 'Who blocked' })
  blocker!: string;

  @ApiProperty({ example: 'alice', description: 'Whom they blocked' })
  blocked!: string;

  @ApiProperty({ example: '2026-11-24T07:30:00.000Z' })
  createdAt!: string;
}

export class AnnouncementDto {
  @ApiProperty({
    example: 'The server restarts at 22:00 UTC.',
    maxLength: 1000,
    description: 'Each line is sent as its own announcement line; blank lines are dropped',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  text!: string;
}

export class AnnouncementResultDto {
  @ApiProperty({ example: 3, description: 'Online sessions it was sent to' })
  recipients!: number;

  @ApiProperty({ example: 1, description: 'Announcement lines each of them received (one per line of the text)' })
  lines!: number;
}

export class AuditEntryDto {
  @ApiProperty({ example: 12 })
  id!: number;

  @ApiProperty({ example: '2026-11-24T07:31:00.000Z' })
  at!: string;

  @ApiProperty({ example: 'admin' })
  actor!: string;

  @ApiProperty({ example: 'lockout.clear' })
  action!: string;

  @ApiProperty({ type: String, nullable: true, example: 'bob' })
  target!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '127.0.0.1' })
  address!: string | null;
}

export class CreateTokenDto {
  @ApiProperty({ example: 'nightly-backup', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  name!: string;

  @ApiPropertyOptional({ example: 30, description: 'Days until it expires; omit for a token that does not expire' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export const TOKEN_KINDS = ['api', 'session'] as const;

export class TokenQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TOKEN_KINDS, default: 'api', description: 'api: tokens for scripts; session: console sign-ins' })
  @IsOptional()
  @IsIn(TOKEN_KINDS)
  kind: (typeof TOKEN_KINDS)[number] = 'api';
}

export class TokenDto {
  @ApiProperty({ example: 3 })
  id!: number;

  @ApiProperty({ enum: TOKEN_KINDS, example: 'api' })
  kind!: (typeof TOKEN_KINDS)[number];

  @ApiProperty({ example: false, description: 'The token this request was made with' })
  current!: boolean;

  @ApiProperty({ example: 'nightly-backup' })
  name!: string;

  @ApiProperty({ example: 'admin', description: 'The admin the token acts as' })
  owner!: string;

  @ApiProperty({ example: '2026-11-24T07:31:00.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-24T07:31:00.000Z' })
  expiresAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  lastUsedAt!: string | null;
}

export class CreatedTokenDto extends TokenDto {
  @ApiProperty({ description: 'The secret; shown only in this response', example: 'parley_3q2...' })
  token!: string;
}

export class MinuteStatsDto {
  @ApiProperty({ example: '2026-11-24T07:31:00.000Z', description: 'Start of the minute' })
  minute!: string;

  @ApiProperty({ example: 2 })
  logins!: number;

  @ApiProperty({ example: 40, description: 'Broadcast, private and stored messages sent' })
  messages!: number;
}

export class StatsDto {
  @ApiProperty({ example: '0.1.0', description: 'The running Parley version' })
  version!: string;

  @ApiProperty({ example: 3 })
  online!: number;

  @ApiProperty({ example: 1 })
  lockedAccounts!: number;

  @ApiProperty({ example: 12, description: 'Stored messages waiting for delivery' })
  storedMessages!: number;

  @ApiProperty({ type: [MinuteStatsDto], description: 'The last 60 minutes, oldest first' })
  perMinute!: MinuteStatsDto[];
}
