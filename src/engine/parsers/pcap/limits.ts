/**
 * Limits of the capture decoder. Each bounds memory or work against a hostile or merely huge capture; tests and the
 * README refer to them by name.
 */

/**
 * Captured bytes accepted per packet: Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD. A record claiming more is damage,
 * not a packet (libpcap and Wireshark refuse it too).
 */
export const MAX_PACKET_BYTES = 262_144;

/** A pcapng block longer than this is treated as damage: Wireshark's MAX_BLOCK_SIZE is 16 MiB as well. */
export const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

/**
 * Interfaces described per pcapng section. Real captures have a handful; a hostile file could describe millions, each
 * costing memory until the section ends.
 */
export const MAX_INTERFACES = 4096;

/**
 * Conversations tracked at once. Past it the least recently active one is closed and its flow event emitted early,
 * so a scan touching millions of endpoint pairs keeps memory flat.
 */
export const MAX_OPEN_FLOWS = 65_536;

/**
 * A conversation silent this long (in capture time) is over. Far longer than Zeek's 1-5 minutes on purpose: tshark,
 * which the flow counts are checked against, keeps one conversation per endpoint pair for the whole file (periodic
 * NTP or NetBIOS chatter on fixed ports would otherwise split), and memory is bounded by MAX_OPEN_FLOWS, not by time.
 */
export const FLOW_IDLE_SECONDS = 3600;

/**
 * A TCP conversation that ended (FIN both ways, or RST) is kept this long for the last ACKs and retransmitted FINs
 * that follow the close, so they still count towards it.
 */
export const CLOSED_FLOW_LINGER_SECONDS = 300;

/** Out-of-order TCP bytes buffered per direction; past it the missing bytes are given up as a gap. */
export const MAX_OUT_OF_ORDER_BYTES = 1024 * 1024;

/** Out-of-order segments buffered per direction (many tiny segments cost more than their bytes). */
export const MAX_OUT_OF_ORDER_SEGMENTS = 256;

/** Out-of-order TCP bytes buffered across all conversations of a file. */
export const MAX_BUFFERED_STREAM_BYTES = 64 * 1024 * 1024;

/** IP datagrams being reassembled from fragments at once; the oldest is dropped past it. */
export const MAX_PENDING_DATAGRAMS = 4096;

/** Fragments kept per datagram: real datagrams need at most a few dozen, and each new one costs a sort. */
export const MAX_FRAGMENTS_PER_DATAGRAM = 256;

/** Fragment bytes held across all datagrams being reassembled. */
export const MAX_FRAGMENT_BYTES = 32 * 1024 * 1024;

/** An IP datagram cannot exceed 65,535 bytes (RFC 791 total length; RFC 8200 payload length without jumbograms). */
export const MAX_DATAGRAM_BYTES = 65_535;


/**
 * Characters kept of any one text field, and of the message, of an application record. Each dissector bounds what
 * it reads, but lists it joins (DNS answers, SMTP recipients, header names) and names it copies whole (a 64 KiB SNI
 * or bind_ack address) can still be long; this is the ceiling on what one record carries downstream, whatever the
 * dissector. Real values are far shorter (HTTP's own cap, MAX_HTTP_FIELD_CHARS, is half of it).
 */
export const MAX_APP_FIELD_CHARS = 16_384;
