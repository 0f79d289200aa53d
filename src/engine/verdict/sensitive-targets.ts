/**
 * Targets whose touch by a flagged behaviour matters more than the behaviour's level says: the stores of credentials
 * (LSASS memory, the SAM and SECURITY hives, the Active Directory database) and the directory replication rights.
 * A medium rule that would be noise on a random process is worth a look when the process is LSASS.
 */
import type { Attestation } from '../case';
import { fieldText, type NormalizedEvent } from '../events';
import { type DraftStep, RefList, joinNames } from './draft';
import { MAX_TARGETS_NAMED, RULE_LEVEL_RANK, SENSITIVE_TARGET_MIN_LEVEL, SENSITIVE_TARGET_WEIGHT } from './weights';

interface SensitiveTarget {
  name: string;
  /** Fields that name what the event acts upon (Sysmon, Security and Windows EventData names). */
  fields: readonly string[];
  pattern: RegExp;
}

/**
 * Control-access rights of DS-Replication-Get-Changes(-All) and -In-Filtered-Set (MS-ADTS 5.1.3.2.1), which
 * 4662 lists in `Properties` when an account asks a domain controller to replicate secrets.
 */
const REPLICATION_RIGHTS = /1131f6a[ad]-9c07-11d1-f79f-00c04fc2dcd2|89e95b76-444d-4c62-991a-0facbeda640c/i;

const CREDENTIAL_ACCESS = 'credential-access';

const SENSITIVE_TARGETS: readonly SensitiveTarget[] = [
  { name: 'LSASS', fields: ['TargetImage', 'CommandLine'], pattern: /\blsass(?:\.exe|\.dmp)?\b/i },
  { name: 'the SAM or SECURITY hive', fields: ['TargetObject', 'ObjectName'], pattern: /^(?:HKLM|HKEY_LOCAL_MACHINE|\\REGISTRY\\MACHINE)\\(?:SAM|SECURITY)\\/i },
  { name: 'the SAM or SECURITY hive', fields: ['CommandLine'], pattern: /\b(?:save|export)\s+(?:HKLM|HKEY_LOCAL_MACHINE)\\(?:SAM|SECURITY)\b/i },
  { name: 'the Active Directory database', fields: ['TargetFilename', 'ObjectName', 'CommandLine', 'RelativeTargetName'], pattern: /\bntds\.dit\b/i },
  { name: 'directory replication rights', fields: ['Properties'], pattern: REPLICATION_RIGHTS },
];

/** The first sensitive target an event acts upon, or null. */
export function sensitiveTargetOf(event: NormalizedEvent): string | null {
  for (const target of SENSITIVE_TARGETS) {
    for (const field of target.fields) {
      const value = fieldText(event, field);
      if (value && target.pattern.test(value)) return target.name;
    }
  }
  return null;
}

/**
 * One step, once per case, when a match of `SENSITIVE_TARGET_MIN_LEVEL` or above has an event that acts on a
 * sensitive target. Once per case: the point is the kind of target, not how many rules saw it. Rules tagged
 * credential-access are left out: they are about the credential store already and their level prices that in (a
 * Sysinternals tool run from Temp reading LSASS is the documented false positive of a medium rule, not more).
 */
export function sensitiveTargetStep(attestations: readonly Attestation[], eventById: ReadonlyMap<string, NormalizedEvent>): DraftStep | null {
  const names: string[] = [];
  const refs = new RefList();
  for (const attestation of attestations) {
    if (RULE_LEVEL_RANK[attestation.level] < RULE_LEVEL_RANK[SENSITIVE_TARGET_MIN_LEVEL] || attestation.correlation) continue;
    if (attestation.tactics.includes(CREDENTIAL_ACCESS)) continue;
    for (const eventId of attestation.eventIds) {
      const event = eventById.get(eventId);
      const target = event ? sensitiveTargetOf(event) : null;
      if (!target) continue;
      if (!names.includes(target)) names.push(target);
      refs.add('attestation', [attestation.id]).add('event', [eventId]);
    }
  }
  if (!names.length) return null;
  return {
    section: 'finding',
    text: `Rule matches of level ${SENSITIVE_TARGET_MIN_LEVEL} or above act on ${joinNames(names, MAX_TARGETS_NAMED)}, where credentials live: even a behaviour with benign uses needs a look there.`,
    weight: SENSITIVE_TARGET_WEIGHT,
    refs: refs.refs,
  };
}
