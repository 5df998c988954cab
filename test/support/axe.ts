/**
 * axe-core in a page of an iframe, for what `expect(el).to.be.accessible()` (which runs in this
 * document only) cannot reach: the demo lab page, the emulated chat window, the agent view.
 */
export interface Axe {
  run(context: unknown): Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }>;
  setup(node: Node): void;
  teardown(): void;
  commons: { text: { accessibleText(el: Element): string } };
}

/** axe-core in `frame`'s page, loaded there the first time. */
export async function loadAxe(frame: HTMLIFrameElement): Promise<Axe> {
  const win = frame.contentWindow as Window & { axe?: Axe };
  if (!win.axe) {
    const doc = frame.contentDocument!;
    const script = doc.createElement('script');
    const loaded = new Promise((r) => script.addEventListener('load', r, { once: true }));
    script.src = '/node_modules/axe-core/axe.min.js';
    doc.head.append(script);
    await loaded;
  }
  return win.axe!;
}

/** The page's axe violations, one line each (rule, help, where); none is `[]`. */
export async function axe(frame: HTMLIFrameElement): Promise<string[]> {
  const result = await (await loadAxe(frame)).run(frame.contentDocument);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}
