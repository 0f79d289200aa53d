import type { EventFields } from '../../events';

/**
 * Security 4688 names the process fields its own way; Sigma's process_creation rules are written against Sysmon 1
 * names. The Sigma Windows "security" field mapping (pySigma-backends windows pipeline) maps them as done here. The
 * originals stay, so rules written for 4688 still match.
 */
const INTEGRITY_BY_MANDATORY_LABEL: ReadonlyMap<string, string> = new Map([
  ['S-1-16-4096', 'Low'],
  ['S-1-16-8192', 'Medium'],
  ['S-1-16-12288', 'High'],
  ['S-1-16-16384', 'System'],
]);

/** Windows writes `-` (or nothing) where an account field does not apply. */
export function meaningful(value: string | number | boolean | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' || text === '-' ? undefined : text;
}

/** `DOMAIN\user`, or the bare user when the domain is absent; undefined when the user is absent. */
export function qualifiedAccount(fields: EventFields, domainName: string, userName: string): string | undefined {
  const user = meaningful(fields[userName]);
  if (!user) return undefined;
  const domain = meaningful(fields[domainName]);
  return domain ? `${domain}\\${user}` : user;
}

function setIfAbsent(fields: EventFields, name: string, value: string | undefined): void {
  if (value !== undefined && (fields[name] === undefined || fields[name] === null)) fields[name] = value;
}

/** Adds the Sysmon-style names to a Security 4688 event's fields (never replacing a value already present). */
export function addProcessCreationAliases(fields: EventFields): void {
  setIfAbsent(fields, 'Image', meaningful(fields.NewProcessName));
  setIfAbsent(fields, 'ParentImage', meaningful(fields.ParentProcessName));
  setIfAbsent(
    fields,
    'User',
    qualifiedAccount(fields, 'TargetDomainName', 'TargetUserName') ??
      qualifiedAccount(fields, 'SubjectDomainName', 'SubjectUserName'),
  );
  const label = meaningful(fields.MandatoryLabel);
  if (label) setIfAbsent(fields, 'IntegrityLevel', INTEGRITY_BY_MANDATORY_LABEL.get(label.toUpperCase()));
}
