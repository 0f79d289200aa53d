/** Limits of the mail parser against hostile input, named so tests and the README can refer to them. */

/**
 * Largest message decoded in full. Mail servers refuse far smaller messages (Exchange Online accepts 150 MB with
 * attachments, most gateways 25-50 MB); beyond this the headers alone are read and an issue says so.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** Header block read per message (all header lines together): a 1 MB header line still fits, a 100 MB one does not. */
export const MAX_HEADER_BLOCK_BYTES = 2 * 1024 * 1024;

/** Header fields kept per message; real mail has a few dozen to a few hundred (long Received chains). */
export const MAX_HEADER_FIELDS = 2000;

/** Characters kept of one header value in a field; the rest is cut, as a 1 MB Subject helps nobody. */
export const MAX_HEADER_VALUE_CHARS = 16 * 1024;

/** MIME nesting depth passed to postal-mime (multipart inside multipart ...); deeper input rejects the body parse. */
export const MAX_MIME_DEPTH = 48;

/**
 * Lines starting with `--` (MIME boundaries, RFC 2046 5.1.1) in one message before postal-mime is asked to decode
 * its body. postal-mime caps depth, not width: each part costs about 20 µs and an object tree node, so 32 MB of
 * 8-byte parts would take minutes and gigabytes. Real mail has a few dozen such lines; past this, headers only.
 */
export const MAX_BOUNDARY_LINES = 10_000;

/** Depth of attached messages (message/rfc822 inside message/rfc822 ...) that are opened; deeper ones stay opaque. */
export const MAX_ATTACHED_MESSAGE_DEPTH = 4;

/** Characters kept of any other field, such as the joined Received chain or the URL list. */
export const MAX_FIELD_CHARS = 64 * 1024;

/**
 * Characters kept of the event's `user` and `host` and of each address in its `message`: a mail path holds at most
 * 256 octets (RFC 5321 4.5.3.1.3); a longer address is forged, and the row shown for the event stays one line.
 */
export const MAX_ADDRESS_CHARS = 256;

/** Characters of decoded body text kept in the `body` field. */
export const MAX_BODY_CHARS = 64 * 1024;

/** Characters of one HTML part scanned for links, forms and text. */
export const MAX_HTML_SCAN_CHARS = 4 * 1024 * 1024;

/** Characters of one HTML tag read for its attributes; a longer tag is an attack on the reader, not markup. */
export const MAX_TAG_CHARS = 16 * 1024;

/** Characters of a sender name or subject examined for brands, domains and look-alike characters. */
export const MAX_NAME_CHARS = 1024;

/** Links (anchors, forms, text URLs) kept per message. */
export const MAX_LINKS = 1000;

/** Characters of one URL kept: tracking URLs run to a few KiB, a 1 MB `href` is an attack on the viewer. */
export const MAX_URL_CHARS = 4096;

/** Attachments described per message (names, types, hashes). */
export const MAX_ATTACHMENTS = 200;

/** Bytes of an HTML or SVG attachment searched for script, redirect and form markers. */
export const MAX_ATTACHMENT_SCAN_BYTES = 2 * 1024 * 1024;
