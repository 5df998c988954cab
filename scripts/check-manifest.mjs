// custom-elements.json must describe the whole public API: every element has its tag, and
// every attribute, event, CSS part and custom property says what it is for.
import { existsSync, readFileSync } from 'node:fs';

const EXPECTED_TAGS = ['gc-messenger', 'gc-database-plugin', 'gc-session-controls', 'gc-commands', 'gc-login-form', 'gc-event-log'];
const manifest = JSON.parse(readFileSync(new URL('../custom-elements.json', import.meta.url), 'utf8'));
const problems = [];
const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement));

for (const tag of EXPECTED_TAGS) {
  if (!elements.some((e) => e.tagName === tag)) problems.push(`${tag}: not in the manifest (missing @tag?)`);
}
for (const element of elements) {
  const where = element.tagName ?? element.name;
  const lists = {
    attribute: element.attributes ?? [],
    event: element.events ?? [],
    'CSS part': element.cssParts ?? [],
    'CSS custom property': element.cssProperties ?? [],
  };
  for (const [kind, items] of Object.entries(lists)) {
    for (const item of items) {
      if (!item.description?.trim()) problems.push(`${where}: ${kind} ${item.name} has no description`);
    }
  }
  for (const event of lists.event) {
    if (!event.name.startsWith('gc-')) problems.push(`${where}: event ${event.name} is not gc- prefixed`);
  }
  if (!lists.event.length) problems.push(`${where}: no events documented`);
  if (!lists['CSS part'].length) problems.push(`${where}: no CSS parts documented`);
}
// The manifest names what is published (dist/lib/…), and it exists.
for (const mod of manifest.modules) {
  if (!mod.path.startsWith('dist/lib/') || !existsSync(new URL(`../${mod.path}`, import.meta.url))) {
    problems.push(`module path ${mod.path} is not a published file`);
  }
}
if (problems.length) {
  console.error(`custom-elements.json is incomplete:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
