/**
 * Reading a storage service's answer in a flow: its body, bounded (a server that never stops
 * sending fails the flow instead of filling memory). Storage errors are small XML documents that
 * may echo the refused request's signature, so flows report only their code, never the body.
 */
import { FlowFailure } from './types.js';

/** Storage answers are small XML documents; more than this is not one (and is not read further). */
export const MAX_STORAGE_ANSWER = 64 * 1024;

export async function boundedStorageText(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_STORAGE_ANSWER) {
      await reader.cancel();
      throw new FlowFailure(`the storage answer is longer than ${MAX_STORAGE_ANSWER} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A storage error answer for a failure reason: its `<Code>` and `<Message>` only. Storage
 * services echo request details in other elements (SignatureDoesNotMatch carries the string to
 * sign and the signature provided), which a quoted, cut-short body could carry past the report
 * scrubber. `service` names the storage in the "no code" case (`COS`, `storage`).
 */
export function storageErrorSummary(text: string, service = 'storage'): string {
  const code = /<Code>([^<]{0,64})<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]{0,200})<\/Message>/.exec(text)?.[1];
  return code === undefined ? `no ${service} error code` : `${code}${message !== undefined ? `: ${message}` : ''}`;
}
