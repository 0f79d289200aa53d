import type { FieldValue, NormalizedEvent } from '../events';
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

/** Slot of a field in the context's lower-case cache, filled on first use per event. */
function lowerSlot(ctx: MatchContext, field: string, text: string): number {
  const fields = ctx.lowerFields;
  const count = ctx.lowerCount;
  for (let i = 0; i < count; i++) if (fields[i] === field) return i;
  fields[count] = field;
  ctx.lowerValues[count] = text.toLowerCase();
  ctx.lowerBasenames[count] = undefined;
  ctx.lowerCount = count + 1;
  return count;
}

/** Lower-cased text of a field, computed once per event and field. */
export function lowerText(ctx: MatchContext, field: string, text: string): string {
  return ctx.lowerValues[lowerSlot(ctx, field, text)];
}

/**
 * The lower-cased last path component of a field with its leading backslash (the whole text when the backslash is
 * its first character), or '' when it has no backslash; computed once per event and field, as every rule with an
 * `endswith '\x.exe'` value looks it up.
 */
export function lowerBasename(ctx: MatchContext, field: string, text: string): string {
  const slot = lowerSlot(ctx, field, text);
  let basename = ctx.lowerBasenames[slot];
  if (basename === undefined) {
    const lower = ctx.lowerValues[slot];
    const slash = lower.lastIndexOf('\\');
    basename = slash < 0 ? '' : slash === 0 ? lower : lower.slice(slash);
    ctx.lowerBasenames[slot] = basename;
  }
  return basename;
}

class SingleFieldReader implements FieldReader {
  constructor(readonly name: string) {}
  some(ctx: MatchContext, visit: (text: string, field: string) => boolean): boolean {
    const value = readField(ctx, this.name);
    return value !== undefined && value !== null && visit(asText(value), this.name);
  }
  present(ctx: MatchContext): boolean {
    return readField(ctx, this.name) !== undefined;
  }
  absent(ctx: MatchContext): boolean {
    const value = readField(ctx, this.name);
    return value === undefined || value === null;
  }
  first(ctx: MatchContext): string | undefined {
    const value = readField(ctx, this.name);
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

export function fieldReader(name: string): FieldReader {
  return name === 'Data' ? new UnnamedDataReader() : new SingleFieldReader(name);
}

export function explainValue(text: string): string {
  return text.length > MAX_EXPLAINED_VALUE_CHARS ? text.slice(0, MAX_EXPLAINED_VALUE_CHARS) : text;
}

export function newMatchContext(event: NormalizedEvent, aliases: MatchContext['aliases']): MatchContext {
  return { event, aliases, lowerFields: [], lowerValues: [], lowerBasenames: [], lowerCount: 0, stamp: 0 };
}

const NUMBER_TEXT = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?\s*$|^\s*0x[0-9a-f]+\s*$/i;

/** Parses decimal or hex text as Windows renders counters and masks; anything else is not a number. */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER_TEXT.test(text)) return undefined;
  const value = Number(text.trim());
  return Number.isFinite(value) ? value : undefined;
}
