/**
 * The Sigma-compatible rule engine: rules are compiled once (`compileRuleSet`) and evaluated over a stream of
 * normalized events (`RuleEngine`). The supported subset follows the project notes in sigma-subset.md.
 */
export type { CompileOptions, LogSource, RuleInfo, RuleLoadError, RuleSource } from './types';
export type { RuleLevel } from '../case/attestation';
export { compileRuleSet, type RuleSet } from './compile';
export { RuleEngine } from './engine';
export { shippedRuleSources } from './shipped';
export { WINDOWS_SERVICES, classify, type Classification } from './logsource';
