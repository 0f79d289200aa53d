import { parseAllDocuments } from 'yaml';
import { isPlainMap } from './detection';
import type { RuleLoadError, RuleSource } from './types';

/** One YAML document of a rule file, parsed; `position` is 1-based within the file. */
export interface RuleDocument {
  file: string;
  position: number;
  body: Record<string, unknown>;
}

/** Aliases YAML may expand per document: bounds the "billion laughs" blow-up of hostile rule files. */
export const MAX_YAML_ALIASES = 100;

/** Splits every source into documents (Sigma spec section 1: `---` bundles several); bad YAML is an error per document. */
export function readDocuments(sources: readonly RuleSource[], errors: RuleLoadError[]): { documents: RuleDocument[]; total: number } {
  const documents: RuleDocument[] = [];
  let total = 0;
  for (const source of sources) {
    let parsed;
    try {
      parsed = parseAllDocuments(source.text, { prettyErrors: false, uniqueKeys: true });
    } catch (error) {
      total++;
      errors.push({ file: source.file, reason: `bad YAML: ${error instanceof Error ? error.message : String(error)}` });
      continue;
    }
    const list = Array.isArray(parsed) ? parsed : [];
    for (const [index, document] of list.entries()) {
      let body: unknown;
      let problem = document.errors[0]?.message;
      if (!problem) {
        try {
          body = document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
        } catch (error) {
          problem = error instanceof Error ? error.message : String(error);
        }
      }
      // An empty document (a trailing `---`) holds no rule and is not counted.
      if (!problem && (body === null || body === undefined)) continue;
      total++;
      if (problem) {
        errors.push({ file: source.file, reason: `bad YAML in document ${index + 1}: ${problem}` });
        continue;
      }
      if (!isPlainMap(body)) {
        errors.push({ file: source.file, reason: `document ${index + 1} is not a map` });
        continue;
      }
      documents.push({ file: source.file, position: index + 1, body });
    }
  }
  return { documents, total };
}
