/** Windows path facts the process heuristics share. Paths are compared lower-case, as NTFS names are case-blind. */

export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return path.slice(cut + 1).toLowerCase();
}

export function directoryOf(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut < 0 ? '' : path.slice(0, cut + 1).toLowerCase();
}

/** Folders any user can write to, where payloads land after a download, an attachment or an unpacked archive. */
const USER_WRITABLE = /\\(?:temp|tmp|downloads|appdata|\$recycle\.bin|users\\public|inetcache|content\.outlook)\\/i;

export function inUserWritableFolder(path: string): boolean {
  return USER_WRITABLE.test(path);
}

export const RECYCLE_BIN = /\\\$recycle\.bin\\/i;

export const OFFICE_APPS: ReadonlySet<string> = new Set([
  'winword.exe', 'excel.exe', 'powerpnt.exe', 'outlook.exe', 'msaccess.exe', 'mspub.exe', 'onenote.exe', 'visio.exe', 'eqnedt32.exe',
]);

/** Hosts that run script files: what a mail attachment or a downloaded script starts in. */
export const SCRIPT_HOSTS: ReadonlySet<string> = new Set(['wscript.exe', 'cscript.exe', 'mshta.exe']);

/** Viewers of documents that can carry script (compiled help, HTML applications): like Office, they start no shells. */
export const DOCUMENT_VIEWERS: ReadonlySet<string> = new Set(['hh.exe', 'acrord32.exe', 'acrobat.exe', 'foxitreader.exe', 'wordpad.exe']);

/** Shells that scripts drive; a binary they start from a user-writable folder is often a dropped stage. */
export const POWERSHELL_HOSTS: ReadonlySet<string> = new Set(['powershell.exe', 'pwsh.exe']);

/**
 * Accessibility programs reachable from the logon screen. Replacing one (or hanging a debugger on it) gives a
 * SYSTEM shell without logging on (ATT&CK T1546.008), so a shell or a discovery tool under one is a backdoor in use.
 */
export const ACCESSIBILITY_PROGRAMS: ReadonlySet<string> = new Set([
  'sethc.exe', 'utilman.exe', 'osk.exe', 'magnify.exe', 'narrator.exe', 'displayswitch.exe', 'atbroker.exe',
]);

/** What an intruder runs first with a shell: command interpreters and account/host discovery tools. */
export const SHELLS_AND_DISCOVERY: ReadonlySet<string> = new Set([
  'cmd.exe', 'powershell.exe', 'pwsh.exe', 'whoami.exe', 'net.exe', 'net1.exe', 'systeminfo.exe', 'ipconfig.exe', 'quser.exe', 'query.exe',
]);

/**
 * A program run from a drive redirected over RDP (`\\tsclient\c\...`): it lives on the connecting machine, which
 * is how tools reach a host without being copied to its disk.
 */
export const RDP_CLIENT_DRIVE = /^\\\\tsclient\\/i;

export const BROWSERS: ReadonlySet<string> = new Set([
  'chrome.exe', 'msedge.exe', 'firefox.exe', 'iexplore.exe', 'brave.exe', 'opera.exe', 'vivaldi.exe',
]);

/** Children that an Office document or a script should never need: shells, script hosts and proxy-execution tools. */
export const SHELLS_AND_PROXIES: ReadonlySet<string> = new Set([
  'cmd.exe', 'powershell.exe', 'pwsh.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe', 'rundll32.exe', 'regsvr32.exe',
  'certutil.exe', 'bitsadmin.exe', 'schtasks.exe', 'msiexec.exe', 'wmic.exe',
]);

/**
 * System binaries and where Windows keeps them. A process with one of these names elsewhere is a classic
 * masquerade (ATT&CK T1036.005). `explorer.exe` lives in the Windows folder itself.
 */
const SYSTEM_FOLDERS = /\\windows\\(?:system32|syswow64|winsxs|servicing)\\/i;
const WINDOWS_FOLDER_BINARIES: ReadonlySet<string> = new Set(['explorer.exe']);
export const SYSTEM_BINARIES: ReadonlySet<string> = new Set([
  'svchost.exe', 'lsass.exe', 'csrss.exe', 'smss.exe', 'services.exe', 'winlogon.exe', 'wininit.exe', 'spoolsv.exe',
  'taskhostw.exe', 'taskhost.exe', 'lsm.exe', 'conhost.exe', 'dllhost.exe', 'rundll32.exe', 'regsvr32.exe', 'userinit.exe',
  'sihost.exe', 'ctfmon.exe', 'searchindexer.exe', 'wmiprvse.exe', 'mshta.exe', 'wscript.exe', 'cscript.exe', 'cmd.exe',
  'taskmgr.exe', 'explorer.exe',
]);

/**
 * True when a full path names a system binary outside its folder; a bare name says nothing about location.
 * `name` is `baseName(path)`, which the caller already has.
 */
export function isMisplacedSystemBinary(path: string, name: string): boolean {
  if (!SYSTEM_BINARIES.has(name) || name.length === path.length) return false;
  if (SYSTEM_FOLDERS.test(path)) return false;
  if (WINDOWS_FOLDER_BINARIES.has(name) && /\\windows\\[^\\]+$/i.test(path)) return false;
  return true;
}

/** A document or media extension followed by an executable one: `invoice.pdf.exe`. */
const DOUBLE_EXTENSION = /\.(?:pdf|docx?|docm|xlsx?|xlsm|pptx?|rtf|txt|csv|jpe?g|png|gif|bmp|zip|rar|7z|html?|mp3|mp4|avi)\s*\.(?:exe|scr|com|bat|cmd|pif|vbs|vbe|js|jse|wsf|wsh|hta|ps1|lnk|cpl|msi|dll)$/i;

/** `name` is a file name without its folder, as `baseName` gives it. */
export function hasDoubleExtension(name: string): boolean {
  return DOUBLE_EXTENSION.test(name);
}
