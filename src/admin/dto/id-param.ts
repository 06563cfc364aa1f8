import { BadRequestException, Param, ParseIntPipe } from '@nestjs/common';

/** A numeric `:id` path parameter; anything else is a 400 that names it. */
export const IdParam = () =>
  Param('id', new ParseIntPipe({ exceptionFactory: () => new BadRequestException('id must be an integer') }));
