/** Everything a connection says before it is registered. */
export class IrcRegistration {
  nick: string | undefined;
  user: string | undefined;
  pass: string | undefined;
  /** CAP LS or REQ was sent and CAP END not yet: registration waits. */
  capNegotiating = false;
  capVersion = 0;
  /** `AUTHENTICATE PLAIN` accepted; base64 chunks are being collected. */
  saslPending = false;
  saslBuffer = '';
  /** The account SASL authenticated, once it did. */
  saslAccount: string | undefined;
  /** A login is running or done: registration commands no longer change anything. */
  loginStarted = false;

  /** NICK and USER are in, and CAP negotiation (if any) has ended. */
  get ready(): boolean {
    return this.nick !== undefined && this.user !== undefined && !this.capNegotiating && !this.saslPending;
  }
}

/** SASL sends its payload in 400-byte base64 chunks; a shorter chunk (or `+`) ends it. */
export const SASL_CHUNK = 400;
/** Bigger than any PLAIN payload Parley accepts (a name of 32 and a generous password). */
export const SASL_MAX_BYTES = 4096;

export interface PlainCredentials {
  authzid: string;
  authcid: string;
  password: string;
}

/** Decodes a SASL PLAIN payload: `authzid NUL authcid NUL password`. */
export function decodeSaslPlain(base64: string): PlainCredentials | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const parts = Buffer.from(base64, 'base64').toString('utf8').split('\u0000');
  if (parts.length !== 3) return undefined;
  const [authzid, authcid, password] = parts;
  if (authcid === '' || password === '') return undefined;
  return { authzid, authcid, password };
}

/**
 * `PASS account:password` or `PASS password` (with NICK naming the account): splits at the
 * first `:` when the part before it names an account (`isAccount`), else NICK is the account.
 */
export async function passCredentials(
  pass: string,
  nick: string,
  isAccount: (name: string) => Promise<boolean>,
): Promise<{ account: string; password: string }> {
  const colon = pass.indexOf(':');
  if (colon > 0 && (await isAccount(pass.slice(0, colon)))) {
    return { account: pass.slice(0, colon), password: pass.slice(colon + 1) };
  }
  return { account: nick, password: pass };
}
