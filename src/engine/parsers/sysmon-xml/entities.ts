/**
 * XML 1.0 §4.6 predefined entities and §4.1 character references. Windows event XML uses no DTD, so any other
 * `&name;` is left as written rather than guessed.
 */
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const REFERENCE = /&(#x[0-9a-fA-F]{1,8}|#[0-9]{1,10}|lt|gt|amp|quot|apos);/g;

/** A character reference to a code point XML forbids (NUL, a lone surrogate, beyond Unicode) becomes U+FFFD. */
function codePointText(codePoint: number): string {
  const forbidden =
    codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff) || !Number.isFinite(codePoint);
  return forbidden ? '\ufffd' : String.fromCodePoint(codePoint);
}

function replaceReference(_whole: string, body: string): string {
  if (body[0] !== '#') return PREDEFINED[body];
  const codePoint = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
  return codePointText(codePoint);
}

export function decodeXmlText(raw: string): string {
  return raw.indexOf('&') === -1 ? raw : raw.replace(REFERENCE, replaceReference);
}
