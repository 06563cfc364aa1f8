export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{1,32}$/;

export function isValidUsername(name: string): boolean {
  return USERNAME_PATTERN.test(name);
}

/** Names no account may take: `parley` is the IRC service that takes §2's commands. */
export function isReservedUsername(name: string): boolean {
  return usernameKey(name) === 'parley';
}

/** Usernames are case-insensitive for login and addressing; this is the lookup key. */
export function usernameKey(name: string): string {
  return name.toLowerCase();
}
