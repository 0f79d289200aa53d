import type { FieldValue, NormalizedEvent } from '../events';
import type { FieldState, FieldStates } from './field-state';
import { MAX_EXPLAINED_VALUE_CHARS } from './limits';
import type { MatchContext } from './types';

/** A field as a rule names it, read from an event: one value, or several for `Data` (section 5, unnamed data). */
export interface FieldReader {
  readonly name: string;
  /** Calls `visit` with each present value and its field name; stops when `visit` returns true. */
  some(ctx: MatchContext, visit: (text: string, field: string) => boolean): boolean;
  /** True when the event has the field at all (even empty or null), for `exists`. */
  present(ctx: MatchContext): boolean;
  /** True when the field is missing or null, for `null`. */
  absent(ctx: MatchContext): boolean;
  /** The first value as text, for `fieldref` and correlation grouping. */
  first(ctx: MatchContext): string | undefined;
}

export function readField(ctx: MatchContext, name: string): FieldValue | undefined {
  const value = ctx.event.fields[name];
  if (value !== undefined) return value;
  const alias = ctx.aliases?.[name];
  return alias ? alias(ctx.event) : undefined;
}

export function asText(value: FieldValue): string {
  return typeof value === 'string' ? value : String(value);
}

class SingleFieldReader implements FieldReader {
  readonly name: string;
  constructor(private readonly state: FieldState) {
    this.name = state.name;
  }
  some(ctx: MatchContext, visit: (text: string, field: string) => boolean): boolean {
    const value = this.state.read(ctx);
    return value !== undefined && value !== null && visit(asText(value), this.name);
  }
  present(ctx: MatchContext): boolean {
    return this.state.read(ctx) !== undefined;
  }
  absent(ctx: MatchContext): boolean {
    const value = this.state.read(ctx);
    return value === undefined || value === null;
  }
  first(ctx: MatchContext): string | undefined {
    const value = this.state.read(ctx);
    return value === undefined || value === null ? undefined : asText(value);
  }
}

const UNNAMED_DATA = /^Data(?:_\d+)?$/;

/** `Data` in a rule stands for every unnamed `<Data>` element, which parsers name Data, Data_1, Data_2, ... */
class UnnamedDataReader implements FieldReader {
  readonly name = 'Data';
  some(ctx: MatchContext, visit: (text: string, field: string) => boolean): boolean {
    for (const field in ctx.event.fields) {
      if (!UNNAMED_DATA.test(field)) continue;
      const value = ctx.event.fields[field];
      if (value !== null && visit(asText(value), field)) return true;
    }
    return false;
  }
  present(ctx: MatchContext): boolean {
    for (const field in ctx.event.fields) if (UNNAMED_DATA.test(field)) return true;
    return false;
  }
  absent(ctx: MatchContext): boolean {
    for (const field in ctx.event.fields) if (UNNAMED_DATA.test(field) && ctx.event.fields[field] !== null) return false;
    return true;
  }
  first(ctx: MatchContext): string | undefined {
    let found: string | undefined;
    this.some(ctx, (text) => ((found = text), true));
    return found;
  }
}

export function fieldReader(name: string, states: FieldStates): FieldReader {
  return name === 'Data' ? new UnnamedDataReader() : new SingleFieldReader(states.declare(name));
}

export function explainValue(text: string): string {
  return text.length > MAX_EXPLAINED_VALUE_CHARS ? text.slice(0, MAX_EXPLAINED_VALUE_CHARS) : text;
}

/** A context for one event, with a stamp of its own. */
export function newMatchContext(event: NormalizedEvent, aliases: MatchContext['aliases'], states: FieldStates): MatchContext {
  return { event, aliases, states, stamp: states.nextStamp() };
}

const NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$|^\s*0x[0-9a-f]+\s*$/i;

/** Parses decimal or hex text as Windows renders counters and masks; anything else is not a number. */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}
