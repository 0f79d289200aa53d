import { parseNumber } from './fields';
import { compileFieldItem, compileKeywordItem, type CompileScope } from './items';
import { bestAtoms, RuleError, unionAtoms, type Atoms, type ItemMatcher, type MatchContext, type Predicate, type RouteFacts } from './types';

/**
 * A search identifier (Sigma spec section 2): a map is an AND of its items, a list of maps an OR of ANDs, a list of
 * plain values a keyword search.
 */
export interface Identifier {
  readonly name: string;
  readonly predicate: Predicate;
  /** EventIDs the identifier requires (normalized decimal text), or undefined when it does not pin one. */
  readonly eventIds: ReadonlySet<string> | undefined;
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class AllOf implements Predicate {
  readonly cost: number;
  constructor(private readonly items: ItemMatcher[]) {
    this.items.sort((a, b) => a.cost - b.cost);
    this.cost = items.reduce((sum, item) => sum + item.cost, 0);
  }
  test(ctx: MatchContext): boolean {
    for (const item of this.items) if (!item.test(ctx)) return false;
    return true;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    for (const item of this.items) item.explain(ctx, out);
  }
  atoms(facts?: RouteFacts): Atoms {
    return bestAtoms(this.items.map((item) => item.atoms(facts)), facts);
  }
}

class AnyOf implements Predicate {
  readonly cost: number;
  constructor(private readonly parts: Predicate[]) {
    this.cost = parts.reduce((sum, part) => sum + part.cost, 0);
  }
  test(ctx: MatchContext): boolean {
    for (const part of this.parts) if (part.test(ctx)) return true;
    return false;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    for (const part of this.parts) {
      if (part.test(ctx)) {
        part.explain(ctx, out);
        return;
      }
    }
  }
  atoms(facts?: RouteFacts): Atoms {
    return unionAtoms(this.parts.map((part) => part.atoms(facts)));
  }
}

function normalizedEventId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string') {
    const number = parseNumber(value);
    return number !== undefined && Number.isInteger(number) ? String(number) : undefined;
  }
  return undefined;
}

/** The EventIDs a map pins with a plain `EventID:` item, used to route events only to rules that can match them. */
function mapEventIds(map: Record<string, unknown>): Set<string> | undefined {
  if (!('EventID' in map)) return undefined;
  const raw = map.EventID;
  const values = Array.isArray(raw) ? raw : [raw];
  const ids = new Set<string>();
  for (const value of values) {
    const id = normalizedEventId(value);
    if (id === undefined) return undefined;
    ids.add(id);
  }
  return ids.size ? ids : undefined;
}

function compileMap(map: Record<string, unknown>, name: string, scope: CompileScope): Predicate {
  const keys = Object.keys(map);
  if (keys.length === 0) throw new RuleError(`search identifier '${name}' is an empty map`);
  return new AllOf(keys.map((key) => compileFieldItem(key, map[key], scope)));
}

export function compileIdentifier(name: string, value: unknown, scope: CompileScope): Identifier {
  if (value === null || value === undefined) throw new RuleError(`search identifier '${name}' is empty`);
  if (isPlainMap(value)) {
    return { name, predicate: compileMap(value, name, scope), eventIds: mapEventIds(value) };
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new RuleError(`search identifier '${name}' is an empty list`);
  if (list.every(isPlainMap)) {
    const maps = list as Record<string, unknown>[];
    const idSets = maps.map(mapEventIds);
    const eventIds = idSets.every((ids) => ids !== undefined) ? new Set(idSets.flatMap((ids) => [...(ids ?? [])])) : undefined;
    const predicate = maps.length === 1 ? compileMap(maps[0], name, scope) : new AnyOf(maps.map((map) => compileMap(map, name, scope)));
    return { name, predicate, eventIds };
  }
  if (list.some((item) => isPlainMap(item) || Array.isArray(item))) throw new RuleError(`search identifier '${name}' mixes maps and plain values`);
  return { name, predicate: compileKeywordItem(list, [], '', scope), eventIds: undefined };
}
