/**
 * A guest of the emulated Web Messaging service, speaking the Guest API over a plain WebSocket
 * from the test page (the agent view's tests use it to make conversations).
 */
import { waitUntil } from '@open-wc/testing';

/** A guest of `deploymentId` with a new session (linked to a GPE session by `journeyContext`, if given); `say` sends a Text with optional attributes and waits for its echo. */
export async function guest(deploymentId: string, journeyContext?: Record<string, unknown>) {
  const ws = new WebSocket(`ws://${location.host}/v1?deploymentId=${deploymentId}`);
  const token = crypto.randomUUID();
  const frames: Array<{ class: string; body: { text?: string; direction?: string; originatingEntity?: string } }> = [];
  ws.addEventListener('message', (e) => frames.push(JSON.parse(e.data)));
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  ws.send(JSON.stringify({ action: 'configureSession', token, deploymentId, ...(journeyContext ? { journeyContext } : {}) }));
  await waitUntil(() => frames.some((f) => f.class === 'SessionResponse'), 'no session');
  return {
    /** Every frame the guest received, in order. */
    frames,
    async say(text: string, customAttributes?: Record<string, string>) {
      ws.send(
        JSON.stringify({
          action: 'onMessage',
          token,
          message: { type: 'Text', text, ...(customAttributes ? { channel: { metadata: { customAttributes } } } : {}) },
        }),
      );
      await waitUntil(() => frames.some((f) => f.class === 'StructuredMessage' && f.body.text === text), `no echo of ${text}`);
    },
    /** Sends a raw frame (any shape) and waits for its echo by text. */
    async send(frame: Record<string, unknown>, echoText: string) {
      ws.send(JSON.stringify({ token, ...frame }));
      await waitUntil(() => frames.some((f) => f.class === 'StructuredMessage' && f.body.text === echoText), `no echo of ${echoText}`);
    },
    /** Leaves as Clear Session does: closeSession with all its connections. */
    async leave() {
      const before = frames.length;
      ws.send(JSON.stringify({ action: 'closeSession', token, closeAllConnections: true }));
      await waitUntil(() => frames.slice(before).some((f) => f.class === 'SessionResponse'), 'closeSession was not answered');
    },
    close: () => ws.close(),
  };
}
