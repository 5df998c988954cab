/**
 * axe over a whole page in an iframe, for what `expect(el).to.be.accessible()` (which runs in
 * this document only) cannot reach: the demo lab page, the emulated chat window, the agent view.
 */
interface AxeResult {
  violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }>;
}

/** The page's axe violations, one line each (rule, help, where); none is `[]`. */
export async function axe(frame: HTMLIFrameElement): Promise<string[]> {
  const win = frame.contentWindow as Window & { axe?: { run(context: unknown): Promise<AxeResult> } };
  if (!win.axe) {
    const script = frame.contentDocument!.createElement('script');
    const loaded = new Promise((r) => script.addEventListener('load', r, { once: true }));
    script.src = '/node_modules/axe-core/axe.min.js';
    frame.contentDocument!.head.append(script);
    await loaded;
  }
  const result = await win.axe!.run(frame.contentDocument);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}
