// Framework types from custom-elements.json, written on every build:
//   dist/types/jsx.d.ts  React 19: `CustomElements` for React.JSX.IntrinsicElements. Each tag is
//                        typed like a built-in element (React's HTMLAttributes, `ref` to the
//                        element's class), plus its properties, kebab-case attributes and
//                        `ongc-…` handlers (`ElementProps`, without React's types, for other JSX).
//   dist/types/vue.d.ts  Vue 3: the tags in `GlobalComponents` the way Vue's guide types non-Vue
//                        custom elements: the instance (a template ref) is the element's class,
//                        `$props` holds Vue's HTMLAttributes, the properties and `onGc…` handlers.
// Event handlers get each event's own class (an Event subclass), never `any`. A boolean is a
// boolean, also as an attribute: React 19 and Vue set the property, or write `true` as an empty
// attribute and leave `false` out, while any text, "false" too, would turn it on.
// What TypeScript cannot check (a misspelled `ongc-…` in TSX): README, "Frameworks and editors".
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('custom-elements.json', root), 'utf8'));
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName));

const typeOf = (attribute) => (attribute.type?.text ?? 'string').replace(/\s*\|\s*undefined/g, '');
const doc = (text, indent) => (text ? `${indent}/** ${text.replace(/\*\//g, '*\\/').replace(/\s+/g, ' ')} */\n` : '');
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());
const key = (name) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
const property = (element, name) => `${element.name}[${JSON.stringify(name)}]`;

const imported = new Set();
for (const element of elements) {
  imported.add(element.name);
  for (const event of element.events ?? []) if (event.type?.text) imported.add(event.type.text);
}
const header = `// Generated from custom-elements.json by scripts/generate-types.mjs on every build. Do not edit.
import type { ${[...imported].sort().join(', ')} } from '../lib/index.js';
`;

/**
 * An element's own API as object members. JSX (`kebab`): each property (camelCase) and each
 * attribute with a name of its own (kebab-case, for server rendering). Vue: the properties, since
 * vue-tsc camelizes attribute names on component tags, and the attributes that have no property.
 */
function members(element, indent, { kebab, eventProp }) {
  let out = '';
  for (const attribute of element.attributes ?? []) {
    const { name, fieldName } = attribute;
    out += doc(attribute.description, indent);
    // The property, typed by the element's own class: React 19 and Vue set it when the element has it.
    if (fieldName) out += `${indent}${key(fieldName)}?: ${property(element, fieldName)};\n`;
    // The attribute under its own name: text, or a number as text; a boolean stays a boolean.
    if (!fieldName || (kebab && fieldName !== name)) {
      const type = typeOf(attribute);
      out += `${indent}${key(kebab ? name : camel(name))}?: ${type === 'number' ? 'number | string' : type};\n`;
    }
  }
  for (const event of element.events ?? []) {
    out += doc(event.description, indent);
    out += `${indent}${key(eventProp(event.name))}?: (event: ${event.type?.text ?? 'Event'}) => void;\n`;
  }
  return out;
}

let jsx = `${header}import type { DetailedHTMLProps, HTMLAttributes } from 'react';

/**
 * Each gc- element's own props for JSX, without any framework's types: its properties (camelCase),
 * its attributes (kebab-case, for server rendering) and \`ongc-…\` event handlers. For a JSX
 * other than React's, combine them with that JSX's HTML attributes.
 */
export interface ElementProps {
`;
for (const element of elements) {
  jsx += doc(element.summary, '  ');
  jsx += `  ${JSON.stringify(element.tagName)}: {\n${members(element, '    ', { kebab: true, eventProp: (name) => `on${name}` })}  };\n`;
}
jsx += `}

/**
 * The gc- elements for React 19's JSX, typed like its built-in elements (\`ref\`, \`key\`, \`className\`,
 * \`style\`, \`role\`, \`onClick\`, aria-*…) plus each element's own props:
 *   declare module 'react' { namespace JSX { interface IntrinsicElements extends CustomElements {} } }
 */
export interface CustomElements {
`;
for (const element of elements) {
  jsx += doc(element.summary, '  ');
  jsx += `  ${JSON.stringify(element.tagName)}: DetailedHTMLProps<HTMLAttributes<${element.name}>, ${element.name}> & ElementProps[${JSON.stringify(element.tagName)}];\n`;
}
jsx += '}\n';

let vue = `${header}import type { HTMLAttributes, PublicProps } from 'vue';

/**
 * A custom element in Vue's GlobalComponents, as Vue's guide types non-Vue custom elements: the
 * instance, what a template ref holds (\`useTemplateRef('db')\` with vue-tsc), is the element.
 */
type DefineCustomElement<Element extends HTMLElement, Props> = new () => Element & {
  /** @deprecated For template type checking only: an element has no \`$props\`. */
  $props: HTMLAttributes & Props & PublicProps;
};

declare module 'vue' {
  /** The gc- elements in Vue templates (\`@gc-error\` handlers are \`onGcError\` props). */
  interface GlobalComponents {
`;
for (const element of elements) {
  vue += doc(element.summary, '    ');
  vue += `    ${JSON.stringify(element.tagName)}: DefineCustomElement<${element.name}, {\n`;
  vue += `${members(element, '      ', { kebab: false, eventProp: (name) => `on${pascal(name)}` })}    }>;\n`;
}
vue += '  }\n}\n\nexport {};\n';

mkdirSync(new URL('dist/types/', root), { recursive: true });
writeFileSync(new URL('dist/types/jsx.d.ts', root), jsx);
writeFileSync(new URL('dist/types/vue.d.ts', root), vue);
