import { PARLEY_CONFIG, ParleyConfig } from '../config/config.schema';

export type ConnectionRefusal = 'server-full' | 'address-full';

/**
 * Counts open connections in total and per client address. One instance serves every
 * listener (line, TLS, IRC, IRC over TLS), so the limits hold across them together.
 */
export class ConnectionLimits {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerAddress: number,
  ) {}

  /** Takes a slot for a new connection, or says why there is none. */
  acquire(address: string): ConnectionRefusal | undefined {
    if (this.total >= this.maxTotal) return 'server-full';
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress >= this.maxPerAddress) return 'address-full';
    this.total++;
    this.perAddress.set(address, fromAddress + 1);
    return undefined;
  }

  release(address: string): void {
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (fromAddress === 0) return;
    this.total--;
    if (fromAddress === 1) this.perAddress.delete(address);
    else this.perAddress.set(address, fromAddress - 1);
  }
}

export const connectionLimitsProvider = {
  provide: ConnectionLimits,
  inject: [PARLEY_CONFIG],
  useFactory: (config: ParleyConfig) =>
    new ConnectionLimits(config.line.max_connections, config.line.max_connections_per_address),
};
