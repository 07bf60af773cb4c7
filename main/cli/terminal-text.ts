// What the CLI writes to a terminal is stripped of control characters: names, errors and logs can come from an
// imported bundle or a remote host, and an escape sequence in them could retitle, recolour or rewrite the terminal.
// Line feeds and tabs stay (the output's own layout); JSON output is unaffected (JSON escapes control characters).

/** C0 controls except tab and line feed, DEL, and the C1 range (0x9b alone starts a sequence on some terminals). */
export const isControlCode = (c: number): boolean => (c < 0x20 && c !== 0x09 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f);

export function terminalText(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isControlCode(text.charCodeAt(i))) continue;
    out += text.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

export const hasControl = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (isControlCode(text.charCodeAt(i))) return true;
  return false;
};
