// `npm publish` runs this first (prepublishOnly): the package goes out only with the metadata
// its npm page needs. `repository` is what npmjs.com resolves the README's relative links and
// pictures against, and `homepage` and `bugs` are where a user goes from there. This repository
// has no public address yet (no git remote), so they are not written into package.json by
// guess: whoever publishes sets them, and until then publishing stops here, saying so.
import { readFileSync } from 'node:fs';

/** The missing fields of a package.json, each with why it matters. */
export function missingPublishMetadata(pkg) {
  const url = (value) => (typeof value === 'string' ? value : value?.url);
  const missing = [];
  if (!url(pkg.repository)) missing.push('repository: npmjs.com resolves the README\'s relative links and pictures against it');
  if (typeof pkg.homepage !== 'string' || !pkg.homepage) missing.push('homepage: where the npm page sends a reader');
  if (!url(pkg.bugs)) missing.push('bugs: where a user reports a problem');
  return missing;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const missing = missingPublishMetadata(pkg);
  if (missing.length) {
    console.error(`Not publishing ${pkg.name}: package.json lacks\n  ${missing.join('\n  ')}\nSet them to the project's public repository, then publish again.`);
    process.exit(1);
  }
}
