/**
 * Splits what a socket delivered into CRLF-ended lines, calling `onLine` for each; returns the
 * unfinished rest, to pass back in with the next chunk. Shared by the bench's load clients.
 */
export function takeLines(partial, text, onLine) {
  const buffered = partial + text;
  let start = 0;
  let end;
  while ((end = buffered.indexOf('\r\n', start)) !== -1) {
    onLine(buffered.slice(start, end));
    start = end + 2;
  }
  return buffered.slice(start);
}
