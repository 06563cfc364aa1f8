import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  ExceptionFilter,
  HttpException,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { AccountError, AccountErrorCode, describeAccountError } from '../accounts/account-errors';

/** Request DTOs are validated, unknown fields are refused, and a 400 names every bad field. */
export function requestValidation(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(describeValidationErrors(errors)),
  });
}

function describeValidationErrors(errors: ValidationError[], parent = ''): string {
  return errors
    .flatMap((error) => {
      const path = parent ? `${parent}.${error.property}` : error.property;
      const own = Object.values(error.constraints ?? {});
      const nested = error.children?.length ? [describeValidationErrors(error.children, path)] : [];
      return [...own, ...nested];
    })
    .join('; ');
}

/** The accounts module's rules, as HTTP statuses. */
@Catch(AccountError)
export class AccountErrorFilter extends BaseExceptionFilter implements ExceptionFilter {
  catch(error: AccountError, host: ArgumentsHost): void {
    super.catch(toHttpException(error), host);
  }
}

function toHttpException(error: AccountError): HttpException {
  const message = describeAccountError(error);
  switch (error.code) {
    case AccountErrorCode.UsernameTaken:
    case AccountErrorCode.ReservedUsername:
      return new ConflictException(message);
    case AccountErrorCode.InvalidUsername:
    case AccountErrorCode.EmptyPassword:
    case AccountErrorCode.PasswordTooShort:
      return new BadRequestException(message);
  }
}
