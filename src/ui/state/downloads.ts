import type { ReportFormat } from '../../engine/report';
import { triageBridge } from '../bridge/triage-bridge';

/** How long an object URL outlives its click: long enough for the browser to start the download. */
export const OBJECT_URL_LIFETIME_MS = 60_000;

/** The worker renders the report from its full copy; the page only hands the bytes to the browser as a download. */
export async function downloadReport(caseId: string, format: ReportFormat): Promise<void> {
  const file = await triageBridge.render(caseId, format);
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
