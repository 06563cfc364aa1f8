import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorDto } from './dto/auth.dto';

/** An admin-only controller in the OpenAPI document: its tag, bearer auth, 401 and 403. */
export function AdminApi(tag: string) {
  return applyDecorators(
    ApiTags(tag),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ type: ErrorDto, description: 'No token, or an unknown, expired or revoked one' }),
    ApiForbiddenResponse({ type: ErrorDto, description: 'The token belongs to a user who is not an admin' }),
  );
}
