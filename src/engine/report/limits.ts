/**
 * Size limits of the report. A rule that matches every event of a million-event log must not turn the report into
 * a second copy of the log: each list that grows with the input is capped here, and the report says what it left out.
 */

/** A case with at most this many events shows all of them on the timeline, not only the cited ones. */
export const SMALL_CASE_EVENTS = 500;

/** Cited events on the JSON/HTML/CSV timeline; beyond it the least severe citations are left out and counted. */
export const REPORT_MAX_TIMELINE_ENTRIES = 10_000;

/** Event ids listed per technique (the count is always exact). */
export const REPORT_MAX_EVENT_REFS = 500;

/** Parse issues listed per file (the counts of errors and warnings are always exact). */
export const REPORT_MAX_ISSUES_PER_FILE = 1000;

/** Timeline rows in the PDF: a ticket attachment, not an archive; the JSON report has them all. */
export const PDF_MAX_TIMELINE_ROWS = 300;

/** Indicator rows in the PDF. */
export const PDF_MAX_INDICATOR_ROWS = 300;

/** Rule matches listed one by one in the HTML (the PDF groups them by rule). */
export const HTML_MAX_ATTESTATIONS = 500;

/** Parse issues listed per file in the PDF and the HTML. */
export const DOCUMENT_MAX_ISSUES_PER_FILE = 50;

/** Characters of one table cell in the PDF before it is cut with an ellipsis; long command lines stay legible. */
export const PDF_MAX_CELL_CHARS = 600;

/** Characters of one event message or matched value in the HTML; the JSON keeps the whole text. */
export const HTML_MAX_TEXT_CHARS = 2000;

/** Matched field sets shown per attestation in the HTML; the JSON has them all. */
export const HTML_MAX_MATCHES = 20;

/** Links listed per list (events of an attestation, rule matches of a technique) in the HTML. */
export const HTML_MAX_LINKS = 50;
