import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { USERNAME_PATTERN } from '../../accounts/username';
import { Role } from '../../database/entities';
import { PageQueryDto } from './page.dto';

export const ROLES: Role[] = ['user', 'admin'];
const MAX_PASSWORD_LENGTH = 1024;
const USERNAME_RULE = { message: 'username must be 1-32 letters, digits, "_", "-" or "."' };

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Part of a username, any case', example: 'ali' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  q?: string;
}

export class CreateUserDto {
  @ApiProperty({ example: 'alice', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, USERNAME_RULE)
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'user' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

export class SetPasswordDto {
  @ApiProperty({ example: 'a new secret', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password!: string;
}

export class SetRoleDto {
  @ApiProperty({ enum: ROLES, example: 'admin' })
  @IsIn(ROLES)
  role!: Role;
}

export class UserDto {
  @ApiProperty({ example: 'alice' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'user' })
  role!: Role;

  @ApiProperty({ example: true })
  online!: boolean;

  @ApiProperty({ example: '2026-11-24T07:16:05.000Z' })
  createdAt!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T07:20:00.000Z' })
  lastLoginAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '2026-11-24T07:40:00.000Z' })
  lastSeenAt!: string | null;

  @ApiProperty({ example: 0, description: 'Consecutive failed logins counting toward a lockout' })
  failedAttempts!: number;

  @ApiProperty({ example: 4, description: 'Failed logins since the last successful one (a lock does not reset it)' })
  failuresSinceLogin!: number;

  @ApiProperty({ type: String, nullable: true, example: null })
  lockedUntil!: string | null;

  @ApiProperty({ example: 2, description: 'Stored messages waiting for this user' })
  storedMessages!: number;
}
