/**
 * One recorded storage upload (a PUT to a URL an operation's answer handed out) judged against
 * that operation's `x-drivespec-transfer`:
 *   wire    the headers the transfer says to send: its fixed ones, those the answer handed out
 *           (`headersFrom`, compared, never printed: they carry the storage's credentials), those
 *           taken from the request that handed out the URL (`requestHeaders`), and Content-MD5
 *           where the transfer requires it (equal to the MD5 of the recorded bytes)
 *   server  the answer: the transfer's success status with its ETag (the quoted hex MD5 of the
 *           bytes, compared with node:crypto's MD5 of the recorded body), or a storage error the
 *           transfer documents
 *   client  skipped: the upload engine, not a typed client call, sends these bytes
 * What the recording lacks (the bytes) is skipped or noted, never passed as checked.
 */
import { createHash } from 'node:crypto';
import { transferRequestHeaders } from '../../core/transfer-headers.js';
import { elapsedMs } from '../summary.js';
import type { CheckResult, PairReport } from '../types.js';
import { headerValue } from './check-exchange.js';
import type { HandedOutUrl } from './match-transfer.js';
import type { HarExchange } from './parse-har.js';
import { valueAtPointer } from '../../core/json-pointer.js';

const QUOTED_MD5 = /^"[0-9a-fA-F]{32}"$/;

export function checkTransfer(input: { exchange: HarExchange; handedOut: HandedOutUrl; file: string; clock: () => number }): PairReport {
  const { exchange, handedOut } = input;
  const began = input.clock();
  const op = handedOut.match.op.operationId;
  const bytes = exchange.requestBody.state === 'recorded' ? exchange.requestBody.bytes : exchange.requestBody.state === 'absent' ? new Uint8Array(0) : undefined;
  return {
    name: `entry ${exchange.index}: ${exchange.method} ${exchange.url.pathname}`,
    scenario: 'storage-upload',
    source: `${input.file} entry ${exchange.index} (storage upload of ${op}, URL from entry ${handedOut.sourceIndex})`,
    status: exchange.status,
    checks: {
      client: { status: 'skipped', reason: 'a storage upload: the upload engine sends these bytes, no typed client call to replay' },
      wire: checkUploadRequest(exchange, handedOut, bytes),
      server: checkUploadAnswer(exchange, handedOut, bytes),
    },
    durationMs: elapsedMs(input.clock, began),
  };
}

function checkUploadRequest(exchange: HarExchange, h: HandedOutUrl, bytes: Uint8Array | undefined): CheckResult {
  const failures: string[] = [];
  const errors: string[] = [];
  const unchecked: string[] = [];
  const sent = (name: string) => headerValue(exchange.requestHeaders, name);
  for (const [name, value] of Object.entries(h.transfer.headers)) {
    // An empty header may be left out by the recorder (and is then sent as none): the same signature input.
    const got = sent(name) ?? (value === '' ? '' : undefined);
    if (got === undefined) failures.push(`header ${name} absent (the transfer sends ${name}: ${JSON.stringify(value)})`);
    else if (got.trim() !== value) failures.push(`header ${name} is not ${JSON.stringify(value)}, as the transfer sends it`);
  }
  if (h.transfer.headersFrom !== null) {
    const pointer = h.item === undefined ? h.transfer.headersFrom : h.transfer.headersFrom.replace('/*', `/${h.item}`);
    const given = valueAtPointer(h.answer, pointer);
    if (given !== null && typeof given === 'object' && !Array.isArray(given)) {
      for (const [name, value] of Object.entries(given)) {
        // fetch sets Host and Content-Length itself (src/upload/tencent-smh.ts cosTarget).
        if (/^(?:host|content-length)$/i.test(name)) continue;
        const got = sent(name);
        if (got === undefined) failures.push(`header ${name} absent (handed out by the answer of entry ${h.sourceIndex})`);
        else if (got !== String(value)) failures.push(`header ${name} is not the value the answer of entry ${h.sourceIndex} handed out`);
      }
    }
  }
  if (Object.keys(h.transfer.requestHeaders).length) {
    let wanted: Record<string, string> | undefined;
    try {
      wanted = transferRequestHeaders(h.transfer, h.requestBody);
    } catch {
      errors.push(`the request of entry ${h.sourceIndex} does not give the headers the transfer takes from it`);
    }
    for (const [name, value] of Object.entries(wanted ?? {})) {
      const got = sent(name);
      if (got === undefined) failures.push(`header ${name} absent (the transfer takes it from the request of entry ${h.sourceIndex})`);
      else if (got !== value) failures.push(`header ${name} is not the one the request of entry ${h.sourceIndex} announced`);
    }
  }
  if (h.transfer.contentMd5 === 'required') {
    const md5 = sent('content-md5');
    if (md5 === undefined) failures.push('no Content-MD5 header; the transfer requires one');
    else if (bytes === undefined) unchecked.push('the HAR holds no bytes of the upload to compare Content-MD5 with');
    else if (md5 !== createHash('md5').update(bytes).digest('base64')) failures.push('Content-MD5 is not the MD5 of the bytes sent');
  }
  if (failures.length) return { status: 'failed', reason: [...failures, ...errors].join('; ') };
  if (errors.length) return { status: 'errored', reason: errors.join('; ') };
  if (unchecked.length) return { status: 'skipped', reason: `not checked: ${unchecked.join('; ')}` };
  return { status: 'passed' };
}

function checkUploadAnswer(exchange: HarExchange, h: HandedOutUrl, bytes: Uint8Array | undefined): CheckResult {
  const t = h.transfer;
  if (exchange.status === 0) return { status: 'skipped', reason: 'the HAR holds no answer (status 0: blocked, aborted or refused by the browser)' };
  if (exchange.status !== t.successStatus) {
    const documented = t.errors.filter((e) => e.status === exchange.status);
    if (documented.length) return { status: 'passed', note: `a storage error the transfer documents (${documented.map((e) => e.code).join(' or ')}); its XML body is not checked` };
    const statuses = [...new Set([t.successStatus, ...t.errors.map((e) => e.status)])].join(', ');
    return { status: 'failed', reason: `HTTP ${exchange.status}, a status the transfer of ${h.match.op.operationId} does not declare (declared: ${statuses})` };
  }
  if (!t.etag) return { status: 'passed' };
  const etag = headerValue(exchange.responseHeaders, 'etag');
  if (etag === undefined) return { status: 'failed', reason: `no ETag header (the transfer of ${h.match.op.operationId} answers the quoted hex MD5 of the bytes)` };
  if (!QUOTED_MD5.test(etag.trim())) return { status: 'failed', reason: 'the ETag is not a quoted hex MD5' };
  if (bytes === undefined) return { status: 'passed', note: 'ETag checked for its form only: the HAR holds no bytes of the upload' };
  if (etag.trim().slice(1, -1).toLowerCase() !== createHash('md5').update(bytes).digest('hex')) {
    return { status: 'failed', reason: 'the ETag is not the MD5 of the bytes sent' };
  }
  return { status: 'passed' };
}
