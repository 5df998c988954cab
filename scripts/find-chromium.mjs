// `npm test` runs this first so a missing browser fails at once with one clear line.
import { CHROMIUM_MISSING, chromiumPath } from './chromium-path.mjs';

if (!chromiumPath()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}
