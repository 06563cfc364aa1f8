/** The IRCv3 capabilities Parley offers, with their CAP LS 302 values. */
export const SUPPORTED_CAPS: ReadonlyMap<string, string> = new Map([
  ['sasl', 'PLAIN'],
  ['server-time', ''],
  ['message-tags', ''],
  ['echo-message', ''],
]);

export type CapName = 'sasl' | 'server-time' | 'message-tags' | 'echo-message';

/** `CAP LS [302]`: the offer; with 302 or later each capability carries its value. */
export function capList(version: number): string {
  return [...SUPPORTED_CAPS].map(([name, value]) => (version >= 302 && value ? `${name}=${value}` : name)).join(' ');
}

/** The capabilities one connection has enabled. */
export class CapSet {
  private readonly enabled = new Set<string>();

  has(name: CapName): boolean {
    return this.enabled.has(name);
  }

  list(): string {
    return [...this.enabled].join(' ');
  }

  /** `CAP REQ :a -b`: all or nothing. Returns whether it was acknowledged. */
  request(text: string): boolean {
    const changes = text.split(' ').filter((word) => word !== '');
    if (changes.length === 0) return false;
    const names = changes.map((change) => (change.startsWith('-') ? change.slice(1) : change).toLowerCase());
    if (!names.every((name) => SUPPORTED_CAPS.has(name))) return false;
    changes.forEach((change, i) => (change.startsWith('-') ? this.enabled.delete(names[i]) : this.enabled.add(names[i])));
    return true;
  }
}
