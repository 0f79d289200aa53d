/**
 * Bounds of the application dissectors. Capture payloads are attacker-controlled: every buffer, queue and table
 * below has a ceiling, so a hostile capture costs at most these amounts per file, whatever it holds.
 */

/**
 * Conversations whose owner is remembered at once; past it the least recently started one is forgotten, and its
 * module drops the conversation's buffers. With the per-direction buffer ceilings below this bounds what partial
 * messages a file can hold at once.
 */
export const MAX_TRACKED_FLOWS = 16_384;

/**
 * Bytes of buffer storage (StreamBuffer capacity, not content) all the conversations of one file may hold at once;
 * a growth past it is refused like a buffer's own ceiling, and the first refusal is reported (buffer-ledger.ts).
 * Without it MAX_TRACKED_FLOWS conversations could each hold a partial message at two buffer ceilings, several
 * GiB for HTTP (128 KiB a direction) or Kerberos (256 KiB). 64 MiB is the TCP reassembly's file budget too
 * (MAX_BUFFERED_STREAM_BYTES). It holds 256 HTTP conversations at their ceiling both ways at once, or all
 * MAX_TRACKED_FLOWS at 4 KiB each, where the corpus's HTTP, SMTP, FTP and Kerberos conversations keep 0.5 to 6 KiB
 * (about 2 KiB typically) once idle; past half of it idle buffers keep nothing.
 */
export const MAX_APP_BUFFER_BYTES = 64 * 1024 * 1024;

/** Non-empty payloads of a conversation tried against the modules before it is left unclaimed (mid-stream starts). */
export const MAX_CLAIM_ATTEMPTS = 4;

/** An HTTP request or status line plus headers larger than this is not HTTP we can read; the direction resyncs. */
export const MAX_HTTP_HEADER_BYTES = 64 * 1024;

/** Pipelined requests waiting for their responses in one conversation; older ones are reported unanswered. */
export const MAX_HTTP_PENDING_REQUESTS = 64;

/** A chunk-size line (RFC 9112 section 7.1) longer than this is malformed. */
export const MAX_HTTP_CHUNK_LINE_BYTES = 1024;

/** Characters kept of a URI, host, user agent or referrer: enough for any rule, bounded for a hostile request. */
export const MAX_HTTP_FIELD_CHARS = 8192;

/** Bytes of a TLS handshake message buffered while looking for the hello (RFC 8446 allows 2^24, real ones are < 16 KiB). */
export const MAX_TLS_HANDSHAKE_BYTES = 64 * 1024;

/** DNS queries waiting for a response in one file; past it the oldest are reported unanswered. */
export const MAX_DNS_PENDING_QUERIES = 4096;

/** Resource records read from one DNS section (a 64 KiB message cannot hold more than a few thousand anyway). */
export const MAX_DNS_RECORDS_PER_SECTION = 256;

/**
 * Characters of rendered answers kept per DNS message; the answers past it are not read. Name compression lets a
 * 64 KiB message repeat one 8 KiB name in each of its records, megabytes of text from one datagram.
 */
export const MAX_DNS_ANSWER_CHARS = 8192;

/** Labels of one DNS name (RFC 1035 section 2.3.4 caps a name at 255 octets, so at most 127 labels). */
export const MAX_DNS_NAME_LABELS = 127;

/** A Kerberos message over TCP longer than this (RFC 4120 section 7.2.2 length prefix) is skipped. */
export const MAX_KERBEROS_MESSAGE_BYTES = 256 * 1024;

/** Requests of one Kerberos conversation waiting for the KDC; past it the oldest are reported unanswered. */
export const MAX_KERBEROS_WAITING_REQUESTS = 16;

/** Elements read from one DER SEQUENCE OF (etype lists, padata, name strings). */
export const MAX_DER_SEQUENCE_ITEMS = 64;

/** Command and reply lines of FTP, SMTP, POP3 and IMAP longer than this are cut (RFC 5321 section 4.5.3.1 says 512). */
export const MAX_COMMAND_LINE_BYTES = 4096;

/** FTP commands of one conversation waiting for replies (RFC 959 section 5.4: a client waits for each). */
export const MAX_WAITING_COMMANDS_PER_CONVERSATION = 32;

/** SMTP recipients kept per message; the count goes on, the list stops. */
export const MAX_SMTP_RECIPIENTS = 100;

/** IP addresses and MAC addresses remembered by the ARP tracker. */
export const MAX_ARP_TABLE_ENTRIES = 65_536;

/** Requests an ARP reply can be matched against (to tell solicited from unsolicited replies). */
export const MAX_ARP_PENDING_REQUESTS = 4096;

/** Seconds an ARP request stays open for a reply. */
export const ARP_REQUEST_WINDOW_SECONDS = 5;
