import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { addressLimitKey } from '../../common/client-address';

/** http.login_attempts_per_minute per client address, keyed as every per-address limit is (IPv6 per /64). */
@Injectable()
export class AddressThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    return addressLimitKey(request.socket?.remoteAddress);
  }
}
