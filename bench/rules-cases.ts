/** The measurements of the rules bench, each run in a process of its own by `bench/rules.ts`. */

/** Corpus EVTX chunks repeated into one file of this size: batches as full as a large log makes them. */
export const LARGE_FILE_BYTES = 48 * 1024 * 1024;

export interface RuleCase {
  id: string;
  label: string;
  /**
   * synthetic: the generated event mix, held in memory; corpus-held: the corpus's EVTX and Sysmon XML events parsed
   * once and held; corpus-files: the same files parsed again every pass, each batch evaluated as it is parsed;
   * large-file: the corpus EVTX chunks repeated into one large file, evaluated the same way.
   */
  events: 'synthetic' | 'corpus-held' | 'corpus-files' | 'large-file';
  rules: 'shipped' | 'generated';
}

const EVENT_STREAMS: Pick<RuleCase, 'events' | 'label'>[] = [
  { events: 'synthetic', label: 'synthetic mix, held in memory' },
  { events: 'corpus-held', label: 'corpus evtx + sysmon-xml, parsed once and held (fresh copies per pass)' },
  { events: 'large-file', label: `corpus evtx chunks repeated into one ${LARGE_FILE_BYTES / 1024 / 1024} MB file, each batch evaluated as parsed (pipeline order)` },
  { events: 'corpus-files', label: 'corpus evtx + sysmon-xml, each small file parsed again per pass and each batch evaluated as parsed (pipeline order)' },
];

export const RULE_CASES: RuleCase[] = EVENT_STREAMS.flatMap((stream) =>
  (['shipped', 'generated'] as const).map((rules) => ({ ...stream, id: `${stream.events}.${rules}`, rules })),
);
