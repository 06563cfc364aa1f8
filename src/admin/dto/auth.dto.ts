import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Role } from '../../database/entities';
import { ROLES } from './users.dto';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ example: 'admin-secret', format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  password!: string;
}

export class LoginResultDto {
  @ApiProperty({ description: 'Send as "Authorization: Bearer TOKEN"', example: 'parley_3q2...' })
  token!: string;

  @ApiProperty({ example: '2026-11-24T19:16:05.000Z' })
  expiresAt!: string;

  @ApiProperty({ example: 'admin' })
  username!: string;
}

export class MeDto {
  @ApiProperty({ example: 'admin' })
  username!: string;

  @ApiProperty({ enum: ROLES, example: 'admin' })
  role!: Role;
}

export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'username must be 1-32 letters, digits, "_", "-" or "."' })
  message!: string;
}

export class LockedErrorDto extends ErrorDto {
  @ApiProperty({ example: 42 })
  secondsRemaining!: number;
}
