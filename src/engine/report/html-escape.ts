/**
 * Escaping for the standalone HTML report. Every value that comes from the case goes through `escapeHtml` (text and
 * attribute values alike) and every id used as an anchor through `anchorId`, so no event field can open a tag,
 * close the `<style>` element or leave an attribute.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** C0 controls other than tab, newline and carriage return, and DEL: not allowed as text by HTML (13.1.4). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(CONTROL_CHARACTERS, '\uFFFD').replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/**
 * Anchor ids from arbitrary ids (`0:1234`, rule-made attestation ids): every character outside [A-Za-z0-9-] is
 * written as `_` plus its code in hex, which keeps ids unique and safe in both `id="..."` and `href="#..."`.
 */
export function anchorId(prefix: string, id: string): string {
  let out = `${prefix}-`;
  for (const char of id) out += /[A-Za-z0-9-]/.test(char) ? char : `_${char.codePointAt(0)?.toString(16)}_`;
  return out;
}

/** A link to an anchor when the target is in the document, plain text otherwise (never a dangling link). */
export function anchorLink(present: Set<string>, prefix: string, id: string, label: string): string {
  const target = anchorId(prefix, id);
  return present.has(target) ? `<a href="#${target}">${escapeHtml(label)}</a>` : `<span class="missing">${escapeHtml(label)}</span>`;
}
