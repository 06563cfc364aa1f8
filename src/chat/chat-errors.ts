export enum ChatErrorCode {
  UnknownUser = 'unknown-user',
  SelfTarget = 'self-target',
  NotBlocked = 'not-blocked',
  MailboxFull = 'mailbox-full',
}

/** A chat rule was broken; `subject` is the user name it concerns, as typed or as created. */
export class ChatError extends Error {
  constructor(
    readonly code: ChatErrorCode,
    readonly subject: string = '',
  ) {
    super(`${code}${subject ? `: ${subject}` : ''}`);
  }
}
