import { GuestService } from '../emulator/service/guest-service.mjs';

/**
 * Mounts the emulated Web Messaging service into web-test-runner's own server, so that
 * test pages reach `/v1` (WebSocket) and `/api/…` on their own origin, as the demo does
 * under `npm start`. Returns the plugin (WebSocket upgrades; the runner's own WebSocket
 * path is left alone) and a middleware (HTTP, ahead of the static files).
 */
export function guestServiceForTests() {
  const service = new GuestService();
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
      if (await service.handleHttp(ctx.req, ctx.res)) {
        ctx.respond = false;
        return;
      }
      await next();
    },
  };
}
