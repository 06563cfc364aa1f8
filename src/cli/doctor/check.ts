/** One line of `parley doctor`: what was checked, whether it passed, and what was found. */
export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, ok: true, detail });
export const fail = (name: string, detail: string): CheckResult => ({ name, ok: false, detail });

/** The reason an operation failed, as short as the error allows (an errno code when there is one). */
export function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
