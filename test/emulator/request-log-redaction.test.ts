/**
 * The emulator's request log and answer hook print request targets through `redactUrl`: SMH's
 * `access_token` must not appear whatever a hostile client puts before it (issue 9 item 5).
 * Raw HTTP, because fetch would normalize the target (drop the fragment, encode the `?`).
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';

function rawRequest(url: string, target: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.end(`POST ${target} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('emulator request log: no access_token, wherever it sits in the target', () => {
  it.each([
    ['after a #', '/api/v1/file/smhdocs/-/key?confirm#&access_token=TOKEN-a1'],
    ['after a second ?', '/api/v1/file/smhdocs/-/key?confirm?access_token=TOKEN-a2'],
    ['after a ;', '/api/v1/file/smhdocs/-/key?confirm;access_token=TOKEN-a3'],
    ['percent-encoded name', '/api/v1/file/smhdocs/-/key?confirm&access%5Ftoken=TOKEN-a4'],
    ['repeated', '/api/v1/file/smhdocs/-/key?access_token=x&access_token=TOKEN-a5'],
  ])('%s', async (_name, target) => {
    const lines: string[] = [];
    const urls: string[] = [];
    const emulator = await startEmulator({ log: (line) => lines.push(line), onAnswer: (a) => urls.push(a.url) });
    try {
      const answer = await rawRequest(emulator.url, target);
      expect(answer).toMatch(/^HTTP\/1\.1 \d{3} /);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('[REDACTED]');
      expect(lines.join('\n') + urls.join('\n')).not.toMatch(/TOKEN-a\d/);
    } finally {
      await emulator.close();
    }
  });
});
