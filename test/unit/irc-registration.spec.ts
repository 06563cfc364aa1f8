import { AccountError, AccountErrorCode } from '../../src/accounts/account-errors';
import { ChatError, ChatErrorCode } from '../../src/chat/chat-errors';
import { capList, CapSet } from '../../src/gateway/irc/irc-caps';
import { toIrc } from '../../src/gateway/irc/irc-errors';
import { decodeSaslPlain, IrcRegistration, passCredentials } from '../../src/gateway/irc/irc-registration';

const plain = (text: string) => Buffer.from(text).toString('base64');

describe('IRC capability negotiation', () => {
  it('offers values with CAP LS 302 and bare names before it', () => {
    expect(capList(302)).toBe('sasl=PLAIN server-time message-tags echo-message');
    expect(capList(0)).toBe('sasl server-time message-tags echo-message');
  });

  it('acknowledges a request all or nothing, and removes with -', () => {
    const caps = new CapSet();
    expect(caps.request('server-time unknown-cap')).toBe(false);
    expect(caps.has('server-time')).toBe(false);
    expect(caps.request('server-time ECHO-MESSAGE')).toBe(true);
    expect(caps.list()).toBe('server-time echo-message');
    expect(caps.request('-echo-message')).toBe(true);
    expect(caps.has('echo-message')).toBe(false);
    expect(caps.request('')).toBe(false);
  });
});

describe('IRC registration', () => {
  it('is ready with NICK and USER, once CAP negotiation and SASL are over', () => {
    const registration = new IrcRegistration();
    registration.nick = 'alice';
    expect(registration.ready).toBe(false);
    registration.user = 'alice';
    expect(registration.ready).toBe(true);
    registration.capNegotiating = true;
    expect(registration.ready).toBe(false);
    registration.capNegotiating = false;
    registration.saslPending = true;
    expect(registration.ready).toBe(false);
  });

  it('decodes SASL PLAIN and refuses malformed payloads', () => {
    expect(decodeSaslPlain(plain('\0alice\0pw'))).toEqual({ authzid: '', authcid: 'alice', password: 'pw' });
    expect(decodeSaslPlain(plain('alice\0alice\0p:w'))).toEqual({ authzid: 'alice', authcid: 'alice', password: 'p:w' });
    expect(decodeSaslPlain(plain('alice\0pw'))).toBeUndefined();
    expect(decodeSaslPlain(plain('\0\0pw'))).toBeUndefined();
    expect(decodeSaslPlain(plain('\0alice\0'))).toBeUndefined();
    expect(decodeSaslPlain('not base64!')).toBeUndefined();
  });

  it('splits PASS at the first ":" only when the part before it names an account', async () => {
    const accounts = new Set(['alice']);
    const isAccount = async (name: string) => accounts.has(name.toLowerCase());
    await expect(passCredentials('Alice:s3:cret', 'whatever', isAccount)).resolves.toEqual({ account: 'Alice', password: 's3:cret' });
    await expect(passCredentials('nobody:pw', 'bob', isAccount)).resolves.toEqual({ account: 'bob', password: 'nobody:pw' });
    await expect(passCredentials('plain', 'bob', isAccount)).resolves.toEqual({ account: 'bob', password: 'plain' });
    await expect(passCredentials(':pw', 'bob', isAccount)).resolves.toEqual({ account: 'bob', password: ':pw' });
  });
});

describe('toIrc', () => {
  it('maps every chat error code: unknown users to 401, the rest to NOTICEs in §2 words', () => {
    const replies = Object.values(ChatErrorCode).map((code) => [code, toIrc(new ChatError(code, 'bob'))] as const);
    expect(Object.fromEntries(replies)).toEqual({
      [ChatErrorCode.UnknownUser]: { kind: 'numeric', code: '401', params: ['bob', 'No such nick/channel'] },
      [ChatErrorCode.SelfTarget]: { kind: 'notice', text: 'Error: you cannot do that to yourself.' },
      [ChatErrorCode.NotBlocked]: { kind: 'notice', text: 'Error: bob is not blocked.' },
      [ChatErrorCode.MailboxFull]: { kind: 'notice', text: "Error: bob's stored-message box is full; your message was not stored." },
    });
    expect(toIrc(new AccountError(AccountErrorCode.ReservedUsername, 'parley'))).toEqual({
      kind: 'notice',
      text: 'Error: the username parley is reserved for the Parley service.',
    });
  });

  it('never puts a space or a leading ":" into the nick parameter of 401', () => {
    const reply = toIrc(new ChatError(ChatErrorCode.UnknownUser, ':evil name\r\n'));
    expect(reply).toEqual({ kind: 'numeric', code: '401', params: ['evilname', 'No such nick/channel'] });
  });
});
