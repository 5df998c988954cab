import { LIMITS, customAttributesBytes, isCustomAttributes, type CustomAttributes } from '../genesys/contract.js';

export type { AttributeValue, CustomAttributes } from '../genesys/contract.js';
export { customAttributesBytes, isCustomAttributes };

/** The documented limit on custom attributes (GENESYS.md §3, §5), from the one contract. */
export const MAX_CUSTOM_ATTRIBUTES_BYTES = LIMITS.maxCustomDataBytes;

export type ParseResult = { ok: true; attributes: CustomAttributes } | { ok: false; error: string };

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Reads the author's JSON into custom attributes, or says what is wrong with it. */
export function parseCustomAttributes(text: string): ParseResult {
  if (!text.trim()) {
    return { ok: false, error: 'Enter a JSON object, such as { "keyInt": 123, "keyString": "hello" }.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `This is not valid JSON: ${detail}` };
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
