import type { FieldValue } from '../events';
import { readField } from './fields';
import { FieldLiterals } from './literal-index';
import { MAX_EVENT_FIELD_STATES } from './limits';
import type { MatchContext } from './types';

/**
 * One field as the rules of a set read it. Its value is read from an event once, however many probes and rules test
 * it: property reads on freshly parsed events are the engine's largest cost. What is derived from the text (its lower
 * case and last path component; the `contains` literals it holds, see `FieldLiterals`) is kept for as long as the
 * text stays the same, whichever event carries it: consecutive events of one process repeat Image, ParentImage,
 * IntegrityLevel (in the corpus Image equals the previous event's in 63% of events, ParentImage in 50%), and a
 * repeated text costs a string comparison.
 */
export class FieldState {
  readonly literals = new FieldLiterals();
  /** The value read from the event whose context has stamp `readStamp`. */
  private readStamp = 0;
  private readValue: FieldValue | undefined = undefined;
  private lowerOf: string | undefined = undefined;
  private lowered = '';
  private basenameOf: string | undefined = undefined;
  private basenameValue = '';

  constructor(readonly name: string) {}

  /** The field's value in the context's event (through the route's aliases), read once per event. */
  read(ctx: MatchContext): FieldValue | undefined {
    if (this.readStamp !== ctx.stamp) {
      this.readValue = readField(ctx, this.name);
      this.readStamp = ctx.stamp;
    }
    return this.readValue;
  }

  /** The text lower-cased, computed again only when the text differs from the last one. */
  lower(text: string): string {
    if (text !== this.lowerOf) {
      this.lowered = text.toLowerCase();
      this.lowerOf = text;
    }
    return this.lowered;
  }

  /**
   * The lower-cased last path component with its leading backslash (the whole text when the backslash is its first
   * character), or '' when it has no backslash, as every rule with an `endswith '\x.exe'` value looks it up. Only the
   * component is lower-cased: most paths are probed for their name alone.
   */
  basename(text: string): string {
    if (text !== this.basenameOf) {
      const slash = text.lastIndexOf('\\');
      this.basenameValue = slash < 0 ? '' : slash === 0 ? this.lower(text) : text.slice(slash).toLowerCase();
      this.basenameOf = text;
    }
    return this.basenameValue;
  }

  /** Whether the registered literal `id` occurs in `text`, in any case. */
  contains(id: number, text: string): boolean {
    const literals = this.literals;
    return literals.searchable ? literals.occursIn(id, text) : this.lower(text).includes(literals.literals[id]);
  }
}

/** A handle a compiled test keeps to ask whether its literal occurs in a value of the field. */
export interface LiteralRef {
  readonly state: FieldState;
  readonly id: number;
}

/**
 * The field states of one rule set, shared by every engine that evaluates it (a push runs start to end without
 * yielding, and the states depend only on the texts they are given).
 */
export class FieldStates {
  private readonly states = new Map<string, FieldState>();
  /** States first asked for while evaluating events (keyword searches visit every field name an event has). */
  private eventNamed = 0;
  /** Counts the contexts made; a double, so it stays exact (never wraps) for 2^53 events. */
  private stamp = 0;

  /** A stamp for a new event's context, unique across the engines sharing the set. */
  nextStamp(): number {
    return ++this.stamp;
  }

  /** The state of a field a rule names; created at compile time, so it is always kept. */
  declare(name: string): FieldState {
    let state = this.states.get(name);
    if (!state) this.states.set(name, (state = new FieldState(name)));
    return state;
  }

  /**
   * The state of any field name an event has. Names are the input's, so past `MAX_EVENT_FIELD_STATES` of them a
   * state is made for the call alone: the answer is the same, only not kept.
   */
  of(name: string): FieldState {
    const state = this.states.get(name);
    if (state) return state;
    if (this.eventNamed >= MAX_EVENT_FIELD_STATES) return new FieldState(name);
    this.eventNamed++;
    return this.declare(name);
  }

  register(field: string, literal: string): LiteralRef {
    const state = this.declare(field);
    return { state, id: state.literals.register(literal) };
  }

  /** Builds the literal automata once every rule is compiled. */
  build(): void {
    for (const state of this.states.values()) if (state.literals.literals.length) state.literals.build();
  }

  /** The id of a registered literal when its field has an automaton (else rules cannot be looked up by it). */
  literalId(field: string, literal: string): number | undefined {
    return this.states.get(field)?.literals.idOf(literal);
  }
}
