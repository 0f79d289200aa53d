import { fieldText, type NormalizedEvent } from '../../events';
import { benignToolOf } from '../benign-activity';
import { type Candidate, quoted, times } from './candidate';
import { encodedPayload } from './encoded';
import {
  ACCESSIBILITY_PROGRAMS,
  BROWSERS,
  DOCUMENT_VIEWERS,
  OFFICE_APPS,
  POWERSHELL_HOSTS,
  RDP_CLIENT_DRIVE,
  RECYCLE_BIN,
  SCRIPT_HOSTS,
  SHELLS_AND_DISCOVERY,
  SHELLS_AND_PROXIES,
  baseName,
  directoryOf,
  hasDoubleExtension,
  inUserWritableFolder,
  isMisplacedSystemBinary,
} from './windows-paths';

type UnclassifiedSeverity = Candidate['severity'];

/** Parents whose children from a user-writable folder look like a delivered payload, and how strongly. */
function launcherKind(parentName: string): { label: string; severity: UnclassifiedSeverity } | null {
  if (OFFICE_APPS.has(parentName)) return { label: 'an Office application', severity: 'high' };
  if (DOCUMENT_VIEWERS.has(parentName)) return { label: 'a document viewer', severity: 'high' };
  if (SCRIPT_HOSTS.has(parentName)) return { label: 'a script host', severity: 'high' };
  // Browsers and PowerShell start downloaded installers and tools for good reasons too.
  if (BROWSERS.has(parentName)) return { label: 'a browser', severity: 'medium' };
  if (POWERSHELL_HOSTS.has(parentName)) return { label: 'PowerShell', severity: 'medium' };
  return null;
}

/** Parents that should never need a shell: documents and scripts (high for documents, medium for script hosts). */
function shellParentSeverity(parentName: string): UnclassifiedSeverity | null {
  if (OFFICE_APPS.has(parentName) || DOCUMENT_VIEWERS.has(parentName)) return 'high';
  if (SCRIPT_HOSTS.has(parentName)) return 'medium';
  return null;
}

/** Heuristics over one process_creation event (Sysmon 1 or aliased Security 4688). */
export function processCandidates(event: NormalizedEvent): Candidate[] {
  const image = fieldText(event, 'Image') ?? '';
  if (!image) return [];
  const parent = fieldText(event, 'ParentImage') ?? '';
  const name = baseName(image);
  const parentName = baseName(parent);
  const where = event.host ? ` on ${quoted(event.host)}` : '';
  const found: Candidate[] = [];

  const launcher = launcherKind(parentName);
  // A child in its parent's own folder tree is the application's own component (browser updaters, Office helpers).
  const ownComponent = (): boolean => directoryOf(image).startsWith(directoryOf(parent));
  if (launcher && name !== parentName && inUserWritableFolder(image) && !ownComponent()) {
    found.push({
      group: `writable-child:${parentName}:${image.toLowerCase()}`,
      severity: launcher.severity,
      reason: (n) => `${parentName} (${launcher.label}) started ${quoted(image)} from a user-writable folder${where}, ${times(n)}: the usual path of a downloaded or attached payload.`,
      eventId: event.id,
    });
  } else if (RECYCLE_BIN.test(image)) {
    found.push({
      group: `recycle-bin:${image.toLowerCase()}`,
      severity: 'high',
      reason: (n) => `${quoted(image)} ran from the Recycle Bin${where}, ${times(n)}: programs are not run from there, payloads are hidden there.`,
      eventId: event.id,
    });
  }
  const shellParent = shellParentSeverity(parentName);
  if (shellParent && SHELLS_AND_PROXIES.has(name) && name !== parentName) {
    found.push({
      group: `script-child:${parentName}:${name}`,
      severity: shellParent,
      reason: (n) => `${parentName} started ${name}${where}, ${times(n)}: documents and scripts rarely need a shell or a proxy-execution tool.`,
      eventId: event.id,
    });
  }
  if (ACCESSIBILITY_PROGRAMS.has(parentName) && SHELLS_AND_DISCOVERY.has(name)) {
    found.push({
      group: `accessibility-child:${parentName}:${name}`,
      severity: 'high',
      reason: (n) => `The accessibility program ${parentName} started ${name}${where}, ${times(n)}: the sign of a logon-screen backdoor in use.`,
      eventId: event.id,
    });
  }
  if (RDP_CLIENT_DRIVE.test(image)) {
    found.push({
      group: `rdp-client-drive:${image.toLowerCase()}`,
      severity: 'medium',
      reason: (n) => `${quoted(image)} ran from a drive redirected over RDP${where}, ${times(n)}: a tool brought from the connecting machine without touching this disk.`,
      eventId: event.id,
    });
  }
  if (hasDoubleExtension(name)) {
    found.push({
      group: `double-extension:${image.toLowerCase()}`,
      severity: 'high',
      reason: (n) => `${quoted(image)} has a document extension followed by an executable one and ran${where}, ${times(n)}: a lure disguised as a document.`,
      eventId: event.id,
    });
  }
  if (isMisplacedSystemBinary(image, name)) {
    found.push({
      group: `misplaced-system-binary:${image.toLowerCase()}`,
      severity: 'high',
      reason: (n) => `${quoted(image)} carries the name of a Windows system binary but runs outside the system folders${where}, ${times(n)}: a masquerading process.`,
      eventId: event.id,
    });
  }
  const commandLine = fieldText(event, 'CommandLine') ?? '';
  const encoded = encodedPayload(commandLine);
  if (encoded) {
    found.push({
      group: `encoded-command:${name}:${encoded.blob.slice(0, 32)}`,
      severity: encoded.suspicious ? 'high' : 'medium',
      reason: (n) => `${quoted(name)} ran with a ${encoded.length}-character base64 block in its command line${where}, ${times(n)}${encoded.suspicious ? `; decoded, it contains ${encoded.suspicious}` : ''}: hidden commands.`,
      eventId: event.id,
    });
  }
  return found;
}

/** GrantedAccess bit PROCESS_VM_READ: reading LSASS memory is what credential dumpers need. */
const PROCESS_VM_READ = 0x10;
/** ATT&CK OS Credential Dumping: LSASS Memory. */
const LSASS_MEMORY_TECHNIQUE = 'T1003.001';
const TRUSTED_LSASS_READERS = /\\windows\\(?:system32|syswow64)\\|\\program files(?: \(x86\))?\\|\\programdata\\microsoft\\windows defender\\/i;

/** Heuristic over one process_access event (Sysmon 10): memory reads of LSASS by programs outside the OS and installed software. */
export function lsassAccessCandidate(event: NormalizedEvent): Candidate | null {
  const target = fieldText(event, 'TargetImage') ?? '';
  if (baseName(target) !== 'lsass.exe') return null;
  const source = fieldText(event, 'SourceImage') ?? '';
  const access = Number.parseInt((fieldText(event, 'GrantedAccess') ?? '').trim(), 16);
  if (!source || !Number.isFinite(access) || (access & PROCESS_VM_READ) === 0 || TRUSTED_LSASS_READERS.test(source)) return null;
  const where = event.host ? ` on ${quoted(event.host)}` : '';
  // A process monitor reads every process; it stays listed, low, with the reason it is taken for benign.
  const tool = benignToolOf(event, [LSASS_MEMORY_TECHNIQUE]);
  return {
    group: `lsass-read:${source.toLowerCase()}`,
    severity: tool ? 'low' : 'high',
    reason: (n) =>
      `${quoted(source)} opened lsass.exe with memory-read access (${quoted(fieldText(event, 'GrantedAccess') ?? '')})${where}, ${times(n)}: ${tool ? `${tool}` : 'the access credential dumpers need'}.`,
    eventId: event.id,
  };
}
