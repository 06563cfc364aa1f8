// Whole terminal escape sequences go first, so their parameters are not left behind as text:
// CSI (ESC [ or C1 CSI) with parameter, intermediate and final bytes; OSC, DCS, SOS, PM and
// APC strings up to BEL or ST (or the end of the text); any other ESC sequence
// (ESC, intermediates, final byte). An unfinished sequence is removed to the end of what exists.
const ESCAPE_SEQUENCES =
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]?|(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0020-\u002f]*[\u0030-\u007e]?/g;
// Then every remaining control: C0 except TAB, DEL, C1, the Unicode line and paragraph
// separators and the bidirectional overrides (which can make text display as something else).
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const ANY_UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Makes text a user typed safe to show to anyone: no one can forge a server line (CR/LF),
 * drive a terminal (ANSI/CSI/OSC sequences) or disguise text (bidi overrides).
 */
export function neutralize(text: string): string {
  if (!ANY_UNSAFE.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCES, '').replace(CONTROL_CHARACTERS, '');
}
