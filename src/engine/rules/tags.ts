import { resolveTacticShortname, resolveTechniqueId, techniqueInfo } from '../mitre';

/** ATT&CK ids and tactic shortnames from Sigma tags (appendix "tags"), legacy forms resolved by the ATT&CK module. */
export interface AttackMapping {
  techniques: string[];
  tactics: string[];
}

const TECHNIQUE_TAG = /^attack\.t\d{4}(?:\.\d{3})?$/i;

export function attackMapping(tags: readonly string[]): AttackMapping {
  const techniques: string[] = [];
  const tactics: string[] = [];
  for (const tag of tags) {
    if (!/^attack\./i.test(tag)) continue;
    if (TECHNIQUE_TAG.test(tag)) {
      // An id ATT&CK no longer knows (deprecated, or newer than our data) is kept as written rather than dropped.
      const id = resolveTechniqueId(tag) ?? tag.slice('attack.'.length).toUpperCase();
      if (!techniques.includes(id)) techniques.push(id);
      continue;
    }
    const tactic = resolveTacticShortname(tag);
    if (tactic && !tactics.includes(tactic)) tactics.push(tactic);
  }
  if (tactics.length === 0) {
    for (const id of techniques) {
      for (const tactic of techniqueInfo(id)?.tactics ?? []) if (!tactics.includes(tactic)) tactics.push(tactic);
    }
  }
  return { techniques, tactics };
}
