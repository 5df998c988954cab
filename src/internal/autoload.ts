/**
 * The single bundle's loader for the elements a page pays for only when it uses them: when a
 * tag appears in the document (now or later: a framework may render it after the bundle ran), its
 * module is fetched from beside dist/gc-lab.js (rollup writes the dynamic imports relative to the
 * bundle: `gc-lab-commands.js`, …) and registers itself. A file that is not there is reported as
 * the page's error, naming its URL. Tags only inside shadow roots are not seen: import the
 * element's module (`gc-lab-elements/commands.js`) there instead.
 */
const lazy: Record<string, () => Promise<unknown>> = {
  'gc-commands': () => import('../commands/commands.js'),
  'gc-login-form': () => import('../login-form/login-form.js'),
  'gc-event-log': () => import('../event-log/event-log.js'),
};

function scan(): void {
  for (const tag in lazy) {
    if (document.querySelector(tag)) {
      lazy[tag]().catch(reportError);
      delete lazy[tag];
    }
  }
}

new MutationObserver(scan).observe(document, { childList: true, subtree: true });
scan();
