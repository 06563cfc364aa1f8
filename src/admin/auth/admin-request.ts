import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Request } from 'express';
import { normalizeAddress } from '../../common/client-address';

/** Who is calling, as the auth guard established it. */
export interface AdminIdentity {
  userId: number;
  username: string;
  tokenId: number;
}

export interface AdminRequest extends Request {
  admin?: AdminIdentity;
}

/** Who did it and from where: what the audit log records for each action. */
export interface Actor {
  name: string;
  address: string | null;
}

export const IS_PUBLIC = 'parley:public';

/** A route anyone may call: the admin login, health, metrics. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The calling admin and their address. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AdminRequest>();
  return { name: request.admin?.username ?? 'anonymous', address: clientAddress(request) };
});

export const CurrentAdmin = createParamDecorator(
  (_: unknown, context: ExecutionContext): AdminIdentity | undefined =>
    context.switchToHttp().getRequest<AdminRequest>().admin,
);

/** The peer address, normalised as every listener's is (an IPv4-mapped address as plain IPv4). */
export function clientAddress(request: Request): string | null {
  const address = request.socket.remoteAddress;
  return address ? normalizeAddress(address) : null;
}
