import { GuestService } from '../emulator/service/guest-service.mjs';

/** Test-only: `POST /__test/agent-access {key}` makes the agent API demand `key`; `{}` lifts it. */
const ACCESS_PATH = '/__test/agent-access';

/**
 * Mounts the emulated Web Messaging service into web-test-runner's own server, so that
 * test pages reach `/v1` (WebSocket) and `/api/…` on their own origin, as the demo does
 * under `npm start`. Returns the plugin (WebSocket upgrades; the runner's own WebSocket
 * path is left alone) and a middleware (HTTP, ahead of the static files).
 *
 * The runner's server is loopback, so no agent key is needed, as under `npm start` on a
 * laptop; the agent view's tests turn the room's key on and off with ACCESS_PATH (test files
 * run one at a time).
 */
export function guestServiceForTests() {
  // One machine plays the whole room here (every browser test from 127.0.0.1): the per-client
  // caps and rates are the room tests' subject (test/server/room-limits.test.mjs), not these.
  const service = new GuestService({
    // The tests send attributes where Genesys ignores them on purpose: that notice is expected.
    log: { warn() {}, error: (message, error) => console.error(message, error) },
    limits: {
      maxKeysPerClient: 100_000,
      claimsPerMinutePerClient: 100_000,
      sessionsPerMinutePerClient: 100_000,
      framesPerMinutePerClient: 100_000,
      upgradesPerMinutePerClient: 100_000,
      journeyPerMinutePerClient: 100_000,
      apiPerMinutePerClient: 100_000,
      maxSessionsPerClient: 5000,
      maxConversationsPerClient: 5000,
      maxStudentStreamsPerClient: 100,
    },
  });
  return {
    plugin: {
      name: 'gc-guest-service',
      serverStart({ server }) {
        server.on('upgrade', (req, socket, head) => service.handleUpgrade(req, socket, head));
      },
      serverStop() {
        service.close();
      },
    },
    async middleware(ctx, next) {
      if (ctx.path === ACCESS_PATH && ctx.method === 'POST') {
        let body = '';
        for await (const chunk of ctx.req) body += chunk;
        const { key } = JSON.parse(body || '{}');
        service.access.useKey(typeof key === 'string' && key.length > 0 ? key : undefined);
        ctx.status = 204;
        return;
      }
      if (await service.handleHttp(ctx.req, ctx.res)) {
        ctx.respond = false;
        return;
      }
      await next();
    },
  };
}
