import { indicatorKey } from '../../case';
import { fieldText, type NormalizedEvent } from '../../events';
import { classifyIpv4, classifyIpv6, formatIpv6, parseIpv4, parseIpv6 } from '../../ioc';
import { type Candidate, quoted, times } from './candidate';
import { baseName } from './windows-paths';

/**
 * Programs that run scripts or proxy execution and that have no business talking to the internet themselves; a
 * connection from one of them is how a stager fetches its next stage. PowerShell has legitimate reasons (module
 * and update downloads), so it rates lower.
 */
const SCRIPT_CONNECTORS: ReadonlyMap<string, 'high' | 'medium'> = new Map([
  ['wscript.exe', 'high'],
  ['cscript.exe', 'high'],
  ['mshta.exe', 'high'],
  ['rundll32.exe', 'high'],
  ['regsvr32.exe', 'high'],
  ['certutil.exe', 'high'],
  ['msbuild.exe', 'high'],
  ['installutil.exe', 'high'],
  ['powershell.exe', 'medium'],
  ['pwsh.exe', 'medium'],
]);

/** The indicator key of an address when it is public, else null. */
export function publicIpKey(text: string): string | null {
  const trimmed = text.trim();
  const v4 = parseIpv4(trimmed);
  if (v4 !== undefined) return classifyIpv4(v4) === 'public' ? indicatorKey('ipv4', trimmed) : null;
  const v6 = parseIpv6(trimmed);
  if (v6 !== undefined) return classifyIpv6(v6) === 'public' ? indicatorKey('ipv6', formatIpv6(v6)) : null;
  return null;
}

/** Heuristic over one network_connection event (Sysmon 3): a script host connecting out to a public address. */
export function scriptConnectionCandidate(event: NormalizedEvent): Candidate | null {
  const name = baseName(fieldText(event, 'Image') ?? '');
  const severity = SCRIPT_CONNECTORS.get(name);
  if (!severity) return null;
  // Sysmon's Initiated is `true` for outbound connections; inbound ones are not a stager calling home.
  if ((fieldText(event, 'Initiated') ?? 'true').toLowerCase() === 'false') return null;
  const destination = fieldText(event, 'DestinationIp') ?? '';
  const key = publicIpKey(destination);
  if (!key) return null;
  const port = fieldText(event, 'DestinationPort');
  const where = event.host ? ` from ${quoted(event.host)}` : '';
  return {
    group: `script-connection:${name}:${key}`,
    severity,
    reason: (n) => `${name} connected to the public address ${destination.trim()}${port ? ` port ${quoted(port)}` : ''}${where}, ${times(n)}: script hosts fetching from the internet is how stagers get their next stage.`,
    eventId: event.id,
    indicators: [key],
  };
}
