import { TACTICS, techniqueInfo } from '../mitre';

/** Techniques named in one reasoning sentence before "and N more". */
export const MAX_TECHNIQUES_NAMED = 4;

/** "T1003.001 LSASS Memory, T1059.001 PowerShell": ids as attested, with the ATT&CK name when it is known. */
export function describeTechniques(ids: readonly string[]): string {
  const named = ids.slice(0, MAX_TECHNIQUES_NAMED).map((id) => {
    const info = techniqueInfo(id);
    return info ? `${id} ${info.name}` : id;
  });
  const more = ids.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}

const tacticOrder = new Map(TACTICS.map((tactic) => [tactic.shortname, tactic.order]));

/** Kill-chain position of a tactic shortname; unknown ones sort last. */
export function tacticRank(shortname: string): number {
  return tacticOrder.get(shortname) ?? Number.MAX_SAFE_INTEGER;
}

