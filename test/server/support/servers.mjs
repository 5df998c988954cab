// Offline Genesys servers for a test file: `const serve = servers();` at the file's top level
// starts one per call (`npm start`'s server, on a free port) and closes them all, and every
// guest client, when the file is done.
import { after, afterEach } from 'node:test';
import { startServer } from '../../../server/index.mjs';
import { closeAllClients } from './guest-client.mjs';

export function servers() {
  const started = [];
  afterEach(() => closeAllClients());
  after(async () => {
    for (const s of started) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });
  /** @param {Parameters<typeof startServer>[0]} [options] */
  return async function serve(options = {}) {
    const server = await startServer({ port: 0, ...options });
    started.push(server);
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    return { port, at: `127.0.0.1:${port}`, base: `http://127.0.0.1:${port}`, service: server.service };
  };
}
