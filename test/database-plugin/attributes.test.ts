import { expect } from '@open-wc/testing';
import {
  MAX_CUSTOM_ATTRIBUTES_BYTES,
  customAttributesBytes,
  parseCustomAttributes,
} from '../../src/database-plugin/attributes.js';

function error(text: string): string {
  const result = parseCustomAttributes(text);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.error;
}

describe('parseCustomAttributes', () => {
  it("accepts the lab's example", () => {
    const result = parseCustomAttributes('{ "keyInt": 123, "keyString": "hello" }');
    expect(result).to.deep.equal({ ok: true, attributes: { keyInt: 123, keyString: 'hello' } });
  });

  it('accepts booleans', () => {
    expect(parseCustomAttributes('{"vip": true}')).to.deep.equal({ ok: true, attributes: { vip: true } });
  });

  it('says where JSON is broken, in plain words with line and column', () => {
    expect(error('{ "keyInt": 123, }')).to.equal(
      'This is not valid JSON: something is wrong at line 1, column 18 (at "}"). Keys and text need "double quotes", and items are separated by commas.',
    );
    expect(error('{\n  "a": 1,\n  keyInt: 123\n}')).to.match(/^This is not valid JSON: something is wrong at line 3, column 3 \(at "keyInt: 12"\)/);
    expect(error('{ "keyInt": 123, ')).to.equal(
      'This is not valid JSON: it ends too early, at line 1, column 17. Is a closing } or " missing?',
    );
    // Nothing of the parser's own jargon ("Unexpected token", "position") reaches the student.
    for (const bad of ['{ "a": 1, }', '{ a: 1 }', '{ "a": 1', '{ "a" 1 }']) expect(error(bad)).not.to.match(/Unexpected|position/);
  });

  it('asks for something when the field is empty', () => {
    expect(error('   ')).to.match(/Enter a JSON object/);
  });

  it('refuses what is not an object', () => {
    expect(error('[1, 2]')).to.match(/not an array/);
    expect(error('"hello"')).to.match(/not a string/);
    expect(error('null')).to.match(/not null/);
    expect(error('42')).to.match(/not a number/);
  });

  it('refuses an empty object and empty keys', () => {
    expect(error('{}')).to.match(/no keys/);
    expect(error('{"": "x"}')).to.match(/Keys must not be empty/);
  });

  it('names every value that is not flat', () => {
    const message = error('{"a": {"b": 1}, "c": [1], "d": null, "e": "ok"}');
    expect(message).to.contain('"a" (an object)');
    expect(message).to.contain('"c" (an array)');
    expect(message).to.contain('"d" (null)');
    expect(message).not.to.contain('"e"');
  });

  it('counts UTF-8 bytes of keys and values', () => {
    expect(customAttributesBytes({ a: 'é' })).to.equal(3);
    expect(customAttributesBytes({ keyInt: 123, keyString: 'hello' })).to.equal(6 + 3 + 9 + 5);
    expect(customAttributesBytes({ ok: true })).to.equal(6);
  });

  it('allows exactly the limit and refuses one byte more', () => {
    const fits = JSON.stringify({ k: 'x'.repeat(MAX_CUSTOM_ATTRIBUTES_BYTES - 1) });
    expect(parseCustomAttributes(fits).ok).to.equal(true);
    const over = JSON.stringify({ k: 'x'.repeat(MAX_CUSTOM_ATTRIBUTES_BYTES) });
    expect(error(over)).to.match(/Too large: 2049 bytes/);
  });

  it('refuses text over 16 characters a byte of the limit by its length alone, before reading it as JSON', () => {
    const longest = 16 * MAX_CUSTOM_ATTRIBUTES_BYTES;
    // At the bound the text is still read: here, valid JSON, too large.
    const atBound = JSON.stringify({ k: 'x'.repeat(longest - 8) });
    expect(atBound.length).to.equal(longest);
    expect(error(atBound)).to.match(/^Too large: /);
    const over = `${atBound} `;
    expect(error(over)).to.equal(
      `This is ${longest + 1} characters: custom attributes are at most 2048 bytes, so it cannot be set. Nothing was changed.`,
    );
    // Not valid JSON either: the length is all that is said.
    expect(error('{'.repeat(longest + 1))).to.match(/^This is 32769 characters:/);
  });

  it('counts multi-byte characters against the limit', () => {
    // 700 × "€" is 700 characters but 2100 bytes.
    expect(error(JSON.stringify({ k: '€'.repeat(700) }))).to.match(/Too large: 2101 bytes/);
  });
});
