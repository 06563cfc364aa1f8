/** Telnet protocol bytes (RFC 854) and the echo option (RFC 857). */
export const IAC = 0xff;
export const DONT = 0xfe;
export const DO = 0xfd;
export const WONT = 0xfc;
export const WILL = 0xfb;
export const SB = 0xfa;
export const SE = 0xf0;
export const OPTION_ECHO = 0x01;

/** "I will echo": a telnet client stops echoing locally (used while a password is typed). */
export const WILL_ECHO = Buffer.from([IAC, WILL, OPTION_ECHO]);
/** "I won't echo": the client echoes locally again. */
export const WONT_ECHO = Buffer.from([IAC, WONT, OPTION_ECHO]);
