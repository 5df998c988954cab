// Raw TCP clients for the room tests and the bench: a WebSocket that completes the handshake and then
// never reads (or resets mid-frame), and helpers to reset a connection at any stage.
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';

/** Opens a TCP connection to 127.0.0.1:`port` from `localAddress` (any 127.x address works on Linux). */
export function tcp(port, localAddress = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: '127.0.0.1', port, localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The bytes of an upgrade request for the guest socket. */
export function upgradeRequest(port, { path, origin, host = `127.0.0.1:${port}` } = {}) {
  return [
    `GET ${path} HTTP/1.1`,
    `Host: ${host}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(origin ? [`Origin: ${origin}`] : []),
    '',
    '',
  ].join('\r\n');
}

/** A masked client text frame (as browsers send), for payloads under 64 KiB. */
export function textFrame(text) {
  const payload = Buffer.from(text, 'utf8');
  const mask = randomBytes(4);
  const head = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([head, mask, body]);
}

/** Reads until the HTTP head of the answer has arrived; resolves the status line's code. */
export function answerStatus(socket) {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk) => {
      text += chunk;
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match && text.includes('\r\n\r\n')) {
        socket.off('data', onData);
        resolve(Number(match[1]));
      }
    };
    socket.on('data', onData);
  });
}

/** A TCP reset (RST), as a laptop dropping off the Wi-Fi looks to the server. */
export function reset(socket) {
  socket.on('error', () => {});
  socket.resetAndDestroy();
}
