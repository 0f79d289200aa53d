import type { Identifier } from './detection';
import { MAX_CONDITION_DEPTH } from './limits';
import { bestAtoms, RuleError, unionAtoms, type Atoms, type MatchContext, type Predicate, type RouteFacts } from './types';

/**
 * The condition grammar of Sigma spec section 4, parsed once into a tree: `or` binds loosest, then `and`, `not`,
 * `x of pattern`, parentheses.
 */
export type ConditionNode =
  | { type: 'id'; name: string }
  | { type: 'not'; child: ConditionNode }
  | { type: 'and' | 'or'; children: ConditionNode[] }
  | { type: 'of'; quantifier: 'one' | 'all'; pattern: string };

const TOKEN = /\s*(\(|\)|[A-Za-z0-9_*-]+|\S)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const found = TOKEN.exec(text);
    if (!found) {
      if (text.slice(start).trim() === '') break;
      throw new RuleError(`condition: cannot read '${text.slice(start)}'`);
    }
    const token = found[1];
    if (token === '|') throw new RuleError('condition: obsolete pipe aggregation (Sigma v1 `| count()`); write a correlation rule instead');
    if (!/^[A-Za-z0-9_*()-]+$/.test(token)) throw new RuleError(`condition: unexpected character '${token}'`);
    tokens.push(token);
  }
  return tokens;
}

export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new RuleError('condition is empty');
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const expect = (what: string): string => {
    const token = tokens[position++];
    if (token === undefined) throw new RuleError(`condition: expected ${what} at the end of '${text}'`);
    return token;
  };
  const orExpr = (depth: number): ConditionNode => {
    if (depth > MAX_CONDITION_DEPTH) throw new RuleError(`condition nests deeper than ${MAX_CONDITION_DEPTH}`);
    const children = [andExpr(depth)];
    while (peek() === 'or') {
      position++;
      children.push(andExpr(depth));
    }
    return children.length === 1 ? children[0] : { type: 'or', children };
  };
  const andExpr = (depth: number): ConditionNode => {
    const children = [notExpr(depth)];
    while (peek() === 'and') {
      position++;
      children.push(notExpr(depth));
    }
    return children.length === 1 ? children[0] : { type: 'and', children };
  };
  const notExpr = (depth: number): ConditionNode => {
    if (peek() === 'not') {
      position++;
      if (depth > MAX_CONDITION_DEPTH) throw new RuleError(`condition nests deeper than ${MAX_CONDITION_DEPTH}`);
      return { type: 'not', child: notExpr(depth + 1) };
    }
    return primary(depth);
  };
  const primary = (depth: number): ConditionNode => {
    const token = expect('an identifier');
    if (token === '(') {
      const inner = orExpr(depth + 1);
      if (expect("')'") !== ')') throw new RuleError(`condition: expected ')' in '${text}'`);
      return inner;
    }
    if (token === '1' || token === 'any' || token === 'all') {
      if (peek() === 'of') {
        position++;
        const pattern = expect('a pattern after "of"');
        if (!/^[A-Za-z0-9_*-]+$/.test(pattern)) throw new RuleError(`condition: '${pattern}' is not a pattern`);
        return { type: 'of', quantifier: token === 'all' ? 'all' : 'one', pattern };
      }
    }
    if (token === ')' || token === 'and' || token === 'or' || token === 'of') throw new RuleError(`condition: unexpected '${token}' in '${text}'`);
    if (token === 'near') throw new RuleError("condition: obsolete 'near' aggregation; write a temporal correlation rule instead");
    if (token.includes('*')) throw new RuleError(`condition: wildcard '${token}' outside 'x of'`);
    return { type: 'id', name: token };
  };
  const tree = orExpr(0);
  if (position < tokens.length) throw new RuleError(`condition: unexpected '${tokens[position]}' in '${text}'`);
  return tree;
}

/** Identifiers an `x of` pattern selects; `_`-names only when the pattern itself starts with `_` (section 4). */
export function identifiersOf(pattern: string, names: string[]): string[] {
  if (pattern === 'them') return names.filter((name) => !name.startsWith('_'));
  const regex = new RegExp(`^${pattern.replace(/[-]/g, '\\-').replace(/\*/g, '.*')}$`);
  return names.filter((name) => regex.test(name) && (pattern.startsWith('_') || !name.startsWith('_')));
}

class AndNode implements Predicate {
  readonly cost: number;
  constructor(private readonly children: Predicate[]) {
    children.sort((a, b) => a.cost - b.cost);
    this.cost = children.reduce((sum, child) => sum + child.cost, 0);
  }
  test(ctx: MatchContext): boolean {
    for (const child of this.children) if (!child.test(ctx)) return false;
    return true;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    for (const child of this.children) child.explain(ctx, out);
  }
  atoms(facts?: RouteFacts): Atoms {
    return bestAtoms(this.children.map((child) => child.atoms(facts)), facts);
  }
}

class OrNode implements Predicate {
  readonly cost: number;
  constructor(private readonly children: Predicate[]) {
    children.sort((a, b) => a.cost - b.cost);
    this.cost = children.reduce((sum, child) => sum + child.cost, 0);
  }
  test(ctx: MatchContext): boolean {
    for (const child of this.children) if (child.test(ctx)) return true;
    return false;
  }
  explain(ctx: MatchContext, out: Record<string, string>): void {
    for (const child of this.children) if (child.test(ctx)) child.explain(ctx, out);
  }
  atoms(facts?: RouteFacts): Atoms {
    return unionAtoms(this.children.map((child) => child.atoms(facts)));
  }
}

class NotNode implements Predicate {
  readonly cost: number;
  constructor(private readonly child: Predicate) {
    this.cost = child.cost;
  }
  test(ctx: MatchContext): boolean {
    return !this.child.test(ctx);
  }
  explain(): void {}
  /** A negation needs no value, but one whose operand the route decides is decided too. */
  atoms(facts?: RouteFacts): Atoms {
    const inner = facts ? this.child.atoms(facts) : null;
    return inner === 'always' ? 'never' : inner === 'never' ? 'always' : null;
  }
}

export interface CompiledCondition {
  predicate: Predicate;
  /** EventIDs every match must have (for routing), or undefined. */
  eventIds: ReadonlySet<string> | undefined;
  /** Identifiers the condition refers to. */
  used: Set<string>;
}

export function compileCondition(tree: ConditionNode, identifiers: ReadonlyMap<string, Identifier>): CompiledCondition {
  const names = [...identifiers.keys()];
  const used = new Set<string>();
  const lookup = (name: string): Identifier => {
    const identifier = identifiers.get(name);
    if (!identifier) throw new RuleError(`condition refers to unknown identifier '${name}'`);
    used.add(name);
    return identifier;
  };
  const build = (node: ConditionNode): { predicate: Predicate; eventIds: ReadonlySet<string> | undefined } => {
    switch (node.type) {
      case 'id': {
        const identifier = lookup(node.name);
        return { predicate: identifier.predicate, eventIds: identifier.eventIds };
      }
      case 'not':
        return { predicate: new NotNode(build(node.child).predicate), eventIds: undefined };
      case 'and':
      case 'or': {
        const built = node.children.map(build);
        return combine(node.type, built);
      }
      case 'of': {
        const selected = identifiersOf(node.pattern, names);
        if (selected.length === 0) throw new RuleError(`condition: '${node.quantifier === 'all' ? 'all' : '1'} of ${node.pattern}' matches no identifier`);
        const built = selected.map((name) => {
          const identifier = lookup(name);
          return { predicate: identifier.predicate, eventIds: identifier.eventIds };
        });
        return built.length === 1 ? built[0] : combine(node.quantifier === 'all' ? 'and' : 'or', built);
      }
    }
  };
  const { predicate, eventIds } = build(tree);
  return { predicate, eventIds, used };
}

function combine(type: 'and' | 'or', built: { predicate: Predicate; eventIds: ReadonlySet<string> | undefined }[]) {
  const predicates = built.map((part) => part.predicate);
  const sets = built.map((part) => part.eventIds);
  let eventIds: ReadonlySet<string> | undefined;
  if (type === 'or') {
    eventIds = sets.every((set) => set !== undefined) ? new Set(sets.flatMap((set) => [...(set ?? [])])) : undefined;
  } else {
    for (const set of sets) {
      if (!set) continue;
      eventIds = eventIds ? new Set([...eventIds].filter((id) => set.has(id))) : set;
    }
  }
  return { predicate: type === 'and' ? new AndNode(predicates) : new OrNode(predicates), eventIds };
}

/** A condition list is an OR of its expressions (section 4). */
export function compileConditions(conditions: string[], identifiers: ReadonlyMap<string, Identifier>): CompiledCondition {
  const compiled = conditions.map((text) => compileCondition(parseCondition(text), identifiers));
  if (compiled.length === 1) return compiled[0];
  const merged = combine('or', compiled);
  return { ...merged, used: new Set(compiled.flatMap((part) => [...part.used])) };
}
