import { LIMITS, customAttributesBytes, isCustomAttributes, type CustomAttributes } from '../genesys/contract.js';

export type { AttributeValue, CustomAttributes } from '../genesys/contract.js';
export { customAttributesBytes, isCustomAttributes };

/** The documented limit on custom attributes (docs/messenger-sdk.md#the-size-limit), from the one contract. */
export const MAX_CUSTOM_ATTRIBUTES_BYTES = LIMITS.maxCustomDataBytes;

export type ParseResult = { ok: true; attributes: CustomAttributes } | { ok: false; error: string };

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'true or false' : 'a string';
}

/** Line and column (1-based) of a character offset in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, Math.max(0, Math.min(offset, text.length))).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** The character offset of a 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n').slice(0, line - 1);
  return lines.reduce((sum, l) => sum + l.length + 1, 0) + column - 1;
}

/**
 * The JSON parser's message in plain words, with line and column. Browsers word it
 * differently ("… at position 17 (line 1 column 18)", "… at line 1 column 18 of the JSON
 * data", "Unexpected end of JSON input"), so only the position is taken from it.
 */
export function describeJsonError(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  const position = /position (\d+)/.exec(message);
  const offset = lineColumn
    ? offsetOf(text, Number(lineColumn[1]), Number(lineColumn[2]))
    : position
      ? Number(position[1])
      : undefined;
  const end = text.trimEnd().length;
  if (/end of (JSON )?(input|data)/i.test(message) || (offset !== undefined && offset >= end)) {
    const at = lineAndColumn(text, end);
    return `This is not valid JSON: it ends too early, at line ${at.line}, column ${at.column}. Is a closing } or " missing?`;
  }
  const hint = ' Keys and text need "double quotes", and items are separated by commas.';
  if (offset === undefined) return `This is not valid JSON.${hint}`;
  const at = lineAndColumn(text, offset);
  const near = text.slice(offset, offset + 10).split('\n')[0].trim();
  return `This is not valid JSON: something is wrong at line ${at.line}, column ${at.column}${near ? ` (at "${near}")` : ''}.${hint}`;
}

/** Reads the author's JSON into custom attributes, or says what is wrong with it. */
export function parseCustomAttributes(text: string): ParseResult {
  // Refused first, by its length alone: JSON.parse blocks the page for seconds on megabytes, and
  // no real set of attributes within the limit needs 16 characters a byte (a \u escape takes 6).
  if (text.length > 16 * MAX_CUSTOM_ATTRIBUTES_BYTES) {
    return {
      ok: false,
      error: `This is ${text.length} characters: custom attributes are at most ${MAX_CUSTOM_ATTRIBUTES_BYTES} bytes, so it cannot be set. Nothing was changed.`,
    };
  }
  if (!text.trim()) {
    return { ok: false, error: 'Enter a JSON object, such as { "keyInt": 123, "keyString": "hello" }.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: describeJsonError(text, error) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, error: `Custom attributes must be a JSON object of keys and values, not ${kind(value)}.` };
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) {
    return { ok: false, error: 'The object has no keys: there is nothing to set.' };
  }
  const nested: string[] = [];
  for (const [key, item] of entries) {
    if (!key.trim()) return { ok: false, error: 'Keys must not be empty.' };
    const type = typeof item;
    if (type === 'number' && !Number.isFinite(item as number)) nested.push(`"${key}" (not a finite number)`);
    else if (type !== 'string' && type !== 'number' && type !== 'boolean') nested.push(`"${key}" (${kind(item)})`);
  }
  if (nested.length) {
    return {
      ok: false,
      error: `Values must be a string, a number or true/false; these are not: ${nested.join(', ')}.`,
    };
  }
  const attributes = value as CustomAttributes;
  const bytes = customAttributesBytes(attributes);
  if (bytes > MAX_CUSTOM_ATTRIBUTES_BYTES) {
    return {
      ok: false,
      error: `Too large: ${bytes} bytes; Messenger sends at most ${MAX_CUSTOM_ATTRIBUTES_BYTES} bytes of custom attributes with a message.`,
    };
  }
  return { ok: true, attributes };
}
