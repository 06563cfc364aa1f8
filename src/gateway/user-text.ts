// C0 controls except TAB, DEL, and C1 controls: none may reach another user's terminal,
// so no one can forge a server line (CR/LF) or drive a terminal (ESC sequences).
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** Removes control characters from text a user typed before it is shown to anyone. */
export function neutralize(text: string): string {
  CONTROL_CHARACTERS.lastIndex = 0;
  return CONTROL_CHARACTERS.test(text) ? text.replace(CONTROL_CHARACTERS, '') : text;
}
