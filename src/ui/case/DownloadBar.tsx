/**
 * Report downloads. The rendering happens in the app (G1's bridge to the report worker); this bar only asks for a
 * format, so the bytes downloaded are the same ones the CLI writes for that format.
 */
import { For, type JSX } from 'solid-js';
import type { ReportFormat } from '../../engine/report';
import { BUTTON_CLASS } from './presentation';

/**
 * Offered formats in this order, the ticket-ready ones first. A `Record` over `ReportFormat`, so a format the report
 * engine adds does not compile until it has a button here.
 */
export const DOWNLOAD_FORMATS: Record<ReportFormat, { label: string; description: string }> = {
  pdf: { label: 'PDF', description: 'case report for a ticket' },
  html: { label: 'HTML', description: 'self-contained case report' },
  json: { label: 'JSON', description: 'the case report as data' },
  csv: { label: 'CSV', description: 'evidence timeline' },
  navigator: { label: 'Navigator', description: 'ATT&CK Navigator layer' },
  stix: { label: 'STIX', description: 'STIX 2.1 bundle' },
};

const FORMAT_ORDER = Object.keys(DOWNLOAD_FORMATS) as ReportFormat[];

export function DownloadBar(props: { onDownload: (format: ReportFormat) => void }): JSX.Element {
  return (
    <div role="group" aria-label="Download the report" class="flex flex-wrap items-center gap-1">
      <span class="text-sm font-semibold">Download</span>
      <For each={FORMAT_ORDER}>
        {(format) => (
          <button
            type="button"
            data-testid={`download-${format}`}
            class={BUTTON_CLASS}
            title={DOWNLOAD_FORMATS[format].description}
            aria-label={`Download ${DOWNLOAD_FORMATS[format].label}: ${DOWNLOAD_FORMATS[format].description}`}
            onClick={() => props.onDownload(format)}
          >
            {DOWNLOAD_FORMATS[format].label}
          </button>
        )}
      </For>
    </div>
  );
}
