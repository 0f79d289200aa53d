/** The event message of a text line: the line itself, made safe to show and bounded. */
export const MAX_TEXT_MESSAGE_CHARS = 4096;

/** ANSI/VT escape sequences (ECMA-48 §5.4 CSI, §5.6 OSC and two-character ESC Fe sequences). */
const ANSI_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
/** C0 and C1 controls other than tab; tab becomes a space. */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Escape sequences are removed and other control characters shown as U+FFFD, so a log line cannot rewrite the
 * analyst's terminal or hide text in the UI. The fields keep the line as written.
 */
export function textMessage(line: string): string {
  const head = line.length > MAX_TEXT_MESSAGE_CHARS * 2 ? line.slice(0, MAX_TEXT_MESSAGE_CHARS * 2) : line;
  // Most lines hold no control character at all; they skip the three replacements.
  const clean = (ANY_CONTROL.test(head) ? head.replace(ANSI_ESCAPE, '').replace(/\t/g, ' ').replace(CONTROL, '\ufffd') : head).trimEnd();
  if (clean.length <= MAX_TEXT_MESSAGE_CHARS && head === line) return clean;
  let cut = Math.min(clean.length, MAX_TEXT_MESSAGE_CHARS - 1);
  const last = clean.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${clean.slice(0, cut)}…`;
}
