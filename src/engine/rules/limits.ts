/**
 * Limits of the rule engine. Rules may come from the analyst (`--rules DIR`) and events from hostile files, so every
 * expansion and every buffer has a named ceiling.
 */

/** A value whose modifiers (windash, expand, base64offset) expand into more alternatives than this is refused. */
export const MAX_VALUE_VARIANTS = 4096;

/** Distinct (source, kind, channel, EventID, program) routes cached; the cache starts over when full. */
export const MAX_ROUTE_CACHE_ENTRIES = 8192;

/**
 * Field names first met in events (keyword searches read every field) whose lower-cased value is kept between events;
 * names are the input's, so past this many the value is lower-cased for the call alone.
 */
export const MAX_EVENT_FIELD_STATES = 4096;

/** Base-rule matches kept for correlations; later ones are counted in `RuleEngine.droppedCorrelationMatches`. */
export const MAX_CORRELATION_MATCHES = 1_000_000;

/** Events listed in one correlation attestation (a burst of 10,000 failed logons still proves the point). */
export const MAX_EVENTS_PER_ATTESTATION = 500;

/** Characters of one matched field value kept in an attestation. */
export const MAX_EXPLAINED_VALUE_CHARS = 2048;

/** Nesting depth of parentheses and `not` in a condition. */
export const MAX_CONDITION_DEPTH = 64;

/** Length of a correlation chain (a correlation of a correlation of ...). */
export const MAX_CORRELATION_CHAIN = 8;
