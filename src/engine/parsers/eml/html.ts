import { MAX_HTML_SCAN_CHARS, MAX_LINKS, MAX_TAG_CHARS } from './limits';

/** An anchor as the reader sees it: where it goes and what it shows. */
export interface HtmlLink {
  href: string;
  text: string;
}

export interface HtmlScan {
  links: HtmlLink[];
  /** `action` of every form: a form in a mail posts what the reader types to that address. */
  formActions: string[];
  /** `<meta http-equiv=refresh>` targets and `<iframe src>`: pages that load elsewhere without a click. */
  redirects: string[];
  /** `<input type=password>` fields: a mail that asks for a password in place. */
  passwordFields: number;
  /** Visible text: tags removed, script and style dropped, entities decoded, whitespace collapsed. */
  text: string;
  /** The part was longer than `MAX_HTML_SCAN_CHARS`; only its head was read. */
  truncated: boolean;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', zwnj: '\u200c', zwj: '\u200d' };

/**
 * Numeric references to the C1 range mean the Windows-1252 character of that byte (HTML 5 13.2.5.80, "numeric
 * character reference end state"), as browsers read them.
 */
const WINDOWS_1252_C1 = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** Decodes the entities that matter for reading addresses and text (HTML 5 13.2.5.72, numeric and common named). */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (code >= 0x80 && code <= 0x9f) return WINDOWS_1252_C1[code - 0x80];
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** A tag's name after `<` or `</`; anything else after `<` (`<!--`, `< 3`) is text. */
const TAG_NAME = /^<(\/?)([a-z][a-z0-9]*)(?=[\s/>]|$)/i;

interface Tag {
  closing: boolean;
  name: string;
  attributes: string;
  start: number;
  /** Just past the `>`. */
  end: number;
}

/**
 * The tags of `source` in order, in linear time: the position of the next `>` is found once and reused by every
 * `<` before it, so input such as `<a <a <a ...` without a `>` cannot make the scan quadratic.
 */
function* tags(source: string): Generator<Tag> {
  let close = -1;
  for (let at = source.indexOf('<'); at >= 0; ) {
    if (close < at) {
      close = source.indexOf('>', at);
      if (close < 0) return;
    }
    const match = TAG_NAME.exec(source.slice(at, Math.min(close, at + 64)));
    if (!match) {
      at = source.indexOf('<', at + 1);
      continue;
    }
    const attributes = source.slice(at + match[0].length, Math.min(close, at + match[0].length + MAX_TAG_CHARS));
    yield { closing: match[1] === '/', name: match[2].toLowerCase(), attributes, start: at, end: close + 1 };
    at = source.indexOf('<', close + 1);
  }
}

const isSpace = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/** Attributes of a tag (HTML 5 13.2.5.32-39, simplified): each character is looked at once. */
function attributes(source: string): Map<string, string> {
  const found = new Map<string, string>();
  let at = 0;
  while (at < source.length) {
    while (at < source.length && (isSpace(source.charCodeAt(at)) || source[at] === '/')) at++;
    const nameStart = at;
    while (at < source.length && !isSpace(source.charCodeAt(at)) && source[at] !== '=' && source[at] !== '/') at++;
    const name = source.slice(nameStart, at).toLowerCase();
    while (at < source.length && isSpace(source.charCodeAt(at))) at++;
    let value = '';
    if (source[at] === '=') {
      at++;
      while (at < source.length && isSpace(source.charCodeAt(at))) at++;
      const quote = source[at];
      if (quote === '"' || quote === "'") {
        const end = source.indexOf(quote, at + 1);
        value = source.slice(at + 1, end < 0 ? source.length : end);
        at = end < 0 ? source.length : end + 1;
      } else {
        const valueStart = at;
        while (at < source.length && !isSpace(source.charCodeAt(at))) at++;
        value = source.slice(valueStart, at);
      }
    }
    if (name && !found.has(name)) found.set(name, decodeEntities(value));
    if (at === nameStart) at++;
  }
  return found;
}

/**
 * Elements whose content is not shown. `head` is not among them: browsers end the head at the first element that
 * does not belong there (HTML 5 13.2.6.4.4), so an anchor written inside it still shows.
 */
const HIDDEN_CONTENT = new Set(['script', 'style', 'title']);
/** Elements that break a line, so words on both sides do not run together in the text. */
const BLOCK = new Set(['br', 'p', 'div', 'tr', 'td', 'th', 'li', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr']);

/**
 * One linear pass over the tags of an HTML part. Anchors are paired with their visible text; an unclosed anchor
 * ends at the next anchor or at the end.
 */
export function scanHtml(html: string): HtmlScan {
  const truncated = html.length > MAX_HTML_SCAN_CHARS;
  const source = truncated ? html.slice(0, MAX_HTML_SCAN_CHARS) : html;
  const links: HtmlLink[] = [];
  const formActions: string[] = [];
  const redirects: string[] = [];
  const textParts: string[] = [];
  let passwordFields = 0;
  let open: { href: string; parts: string[] } | undefined;
  let hiddenUntil: string | undefined;
  let last = 0;
  const closeAnchor = (): void => {
    if (open && links.length < MAX_LINKS) links.push({ href: open.href, text: collapse(open.parts.join(' ')) });
    open = undefined;
  };
  for (const tag of tags(source)) {
    const { name, closing } = tag;
    if (!hiddenUntil) {
      const between = decodeEntities(source.slice(last, tag.start));
      textParts.push(between);
      open?.parts.push(between);
    }
    last = tag.end;
    if (hiddenUntil) {
      if (closing && name === hiddenUntil) hiddenUntil = undefined;
      continue;
    }
    if (closing) {
      if (name === 'a') closeAnchor();
      else if (BLOCK.has(name)) textParts.push('\n');
      continue;
    }
    if (HIDDEN_CONTENT.has(name)) {
      if (!tag.attributes.trimEnd().endsWith('/')) hiddenUntil = name;
      continue;
    }
    if (BLOCK.has(name)) textParts.push('\n');
    if (name === 'a' || name === 'area') {
      const attrs = attributes(tag.attributes);
      const href = attrs.get('href');
      if (name === 'a') closeAnchor();
      if (href === undefined) continue;
      if (name === 'a') open = { href, parts: [] };
      else if (links.length < MAX_LINKS) links.push({ href, text: attrs.get('alt') ?? '' });
    } else if (name === 'form') {
      const action = attributes(tag.attributes).get('action');
      if (formActions.length < MAX_LINKS) formActions.push(action ?? '');
    } else if (name === 'input') {
      if ((attributes(tag.attributes).get('type') ?? '').toLowerCase() === 'password') passwordFields++;
    } else if (name === 'meta') {
      const attrs = attributes(tag.attributes);
      const refresh = /url\s*=\s*['"]?([^'"\s>]+)/i.exec(attrs.get('content') ?? '');
      if ((attrs.get('http-equiv') ?? '').toLowerCase() === 'refresh' && refresh && redirects.length < MAX_LINKS) redirects.push(refresh[1]);
    } else if (name === 'iframe') {
      const src = attributes(tag.attributes).get('src');
      if (src && redirects.length < MAX_LINKS) redirects.push(src);
    }
  }
  if (!hiddenUntil) {
    const tail = decodeEntities(source.slice(last));
    textParts.push(tail);
    open?.parts.push(tail);
  }
  closeAnchor();
  return { links, formActions, redirects, passwordFields, text: collapseLines(textParts.join('')), truncated };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function collapseLines(text: string): string {
  return text
    .split('\n')
    .map(collapse)
    .filter((line) => line.length > 0)
    .join('\n');
}
