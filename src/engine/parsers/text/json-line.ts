import type { EventFields, FieldValue } from '../../events';
import { MAX_NESTING_DEPTH } from '../../limits';
import { jsonTimeToUtc } from './timestamps';

/**
 * Fields kept from one JSON line. A line is at most MAX_LINE_BYTES, but `{"a":0,"b":0,...}` packs a field every few
 * bytes; past this count the rest is dropped and `fields_dropped` says how many.
 */
export const MAX_JSON_FIELDS = 1000;

/** Text kept of a subtree cut at MAX_NESTING_DEPTH: enough to see what it was. */
export const MAX_NESTED_JSON_CHARS = 1024;

export interface JsonLine {
  /** ECS `event.category` (a string or an array) names `authentication`. */
  authentication: boolean;
  ts: string | null;
  host: string;
  user: string;
  message: string;
  fields: EventFields;
}

/** ECS and common flat names, in order of preference. */
const TIME_FIELDS = ['@timestamp', 'timestamp', 'time', 'ts'];
const HOST_FIELDS = ['host.name', 'host.hostname', 'hostname', 'host', 'computer_name', 'Computer'];
const USER_FIELDS = ['user.name', 'user', 'username', 'user_name', 'User'];
const MESSAGE_FIELDS = ['message', 'msg', 'log', 'event.original'];

/** Flattens nested objects and arrays into dotted names (`user.name`, `tags.0`), depth- and count-bounded. */
function flatten(value: unknown, prefix: string, depth: number, fields: EventFields, budget: { left: number; dropped: number }): void {
  if (value !== null && typeof value === 'object') {
    if (depth >= MAX_NESTING_DEPTH) {
      if (budget.left > 0) {
        budget.left--;
        setOwnField(fields, prefix, JSON.stringify(value).slice(0, MAX_NESTED_JSON_CHARS));
      } else {
        budget.dropped++;
      }
      return;
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, item] of entries) flatten(item, prefix ? `${prefix}.${key}` : key, depth + 1, fields, budget);
    return;
  }
  if (budget.left <= 0) {
    budget.dropped++;
    return;
  }
  budget.left--;
  setOwnField(fields, prefix, value as FieldValue);
}

/** Sets an own property even for a top-level `__proto__` key, which plain assignment would drop. */
function setOwnField(fields: EventFields, name: string, value: FieldValue): void {
  if (name === '__proto__') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
  else fields[name] = value;
}

function firstText(fields: EventFields, names: readonly string[]): string {
  for (const name of names) {
    const value = fields[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return '';
}

/** Parses a line holding one JSON object; null when it is not one (then it is an ordinary text line). */
export function parseJsonLine(line: string): JsonLine | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const fields: EventFields = {};
  const budget = { left: MAX_JSON_FIELDS, dropped: 0 };
  flatten(parsed, '', 0, fields, budget);
  if (budget.dropped > 0) fields.fields_dropped = budget.dropped;
  let ts: string | null = null;
  for (const name of TIME_FIELDS) {
    if (fields[name] === undefined) continue;
    ts = jsonTimeToUtc(fields[name]);
    if (ts) break;
  }
  const category = (parsed as { event?: { category?: unknown } }).event?.category;
  const categories = Array.isArray(category) ? category : [category];
  const authentication = categories.includes('authentication');
  return { authentication, ts, host: firstText(fields, HOST_FIELDS), user: firstText(fields, USER_FIELDS), message: firstText(fields, MESSAGE_FIELDS), fields };
}
