// Framework types from custom-elements.json, written on every build:
//   dist/types/jsx.d.ts  React 19 (and other JSX): `CustomElements` for JSX.IntrinsicElements,
//                        with properties, kebab-case attributes and `ongc-…` event handlers
//   dist/types/vue.d.ts  Vue 3: the tags in `GlobalComponents`, with props and `onGc…` events
// Event handlers get each event's own class (an Event subclass), never `any`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName));

const typeOf = (attribute) => (attribute.type?.text ?? 'string').replace(/\s*\|\s*undefined/g, '');
const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ')} */\n` : '');
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());

const imported = new Set();
for (const element of elements) {
  imported.add(element.name);
  for (const event of element.events ?? []) if (event.type?.text) imported.add(event.type.text);
}
const header = `// Generated from custom-elements.json by scripts/generate-types.mjs on every build. Do not edit.
import type { ${[...imported].sort().join(', ')} } from '../lib/index.js';
`;

function members(element, indent, eventProp) {
  let out = '';
  for (const attribute of element.attributes ?? []) {
    const type = typeOf(attribute);
    out += doc(attribute.description, indent);
    // The property, typed by the element's own class.
    if (attribute.fieldName && attribute.fieldName !== attribute.name) {
      out += `${indent}${attribute.fieldName}?: ${element.name}[${JSON.stringify(attribute.fieldName)}];\n`;
    }
    // The attribute: its property's type where the names match, and as text for booleans and numbers.
    const own = attribute.fieldName === attribute.name ? `${element.name}[${JSON.stringify(attribute.fieldName)}]` : type;
    out += `${indent}${JSON.stringify(attribute.name)}?: ${type === 'boolean' || type === 'number' ? `${own} | string` : own};\n`;
  }
  for (const event of element.events ?? []) {
    out += doc(event.description, indent);
    out += `${indent}${JSON.stringify(eventProp(event.name))}?: (event: ${event.type?.text ?? 'Event'}) => void;\n`;
  }
  return out;
}

const common = `  id?: string;
  class?: string;
  className?: string;
  hidden?: boolean;
  slot?: string;
  part?: string;
  exportparts?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  title?: string;
  style?: unknown;
  children?: unknown;
  key?: string | number;
  ref?: unknown;
`;

let jsx = `${header}
/** What every gc- element takes in JSX besides its own API. */
export interface BaseProps {
${common}}

/**
 * The gc- elements for JSX. React 19:
 *   declare module 'react' { namespace JSX { interface IntrinsicElements extends CustomElements {} } }
 */
export interface CustomElements {
`;
for (const element of elements) {
  jsx += doc(element.summary, '  ');
  jsx += `  ${JSON.stringify(element.tagName)}: BaseProps & {\n${members(element, '    ', (name) => `on${name}`)}  };\n`;
}
jsx += '}\n';

let vue = `${header}import type { DefineComponent } from 'vue';

declare module 'vue' {
  /** The gc- elements in Vue templates (\`@gc-error\` handlers are \`onGcError\` props). */
  interface GlobalComponents {
`;
for (const element of elements) {
  vue += doc(element.summary, '    ');
  vue += `    ${JSON.stringify(element.tagName)}: DefineComponent<{\n${members(element, '      ', (name) => `on${pascal(name)}`)}    }>;\n`;
}
vue += '  }\n}\n\nexport {};\n';

mkdirSync(new URL('dist/types/', root), { recursive: true });
writeFileSync(new URL('dist/types/jsx.d.ts', root), jsx);
writeFileSync(new URL('dist/types/vue.d.ts', root), vue);
