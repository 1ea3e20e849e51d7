/**
 * `x-drivespec-transfer.requestHeaders` (issue 12): a storage header whose value comes from the
 * request that handed out the URL (MetaStudio: Content-MD5 is CreateFile's file_md5, Content-Type
 * follows file_type). The generator checks each pointer against the request body and emits the
 * table; `transferRequestHeaders` computes the headers for the client and the emulator alike. Each
 * case edits a copy of the real MetaStudio spec; expectations come from CreateFile's upload_url
 * description (docs/upload/huawei-metastudio-upload.md §3), not from the code under test.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { operations } from '../../generated/huawei-metastudio/operations.js';
import { loadSpec, SpecError, type SpecModel } from '../../scripts/generate/spec-model.js';
import { transferRequestHeaders } from '../../src/core/transfer-headers.js';

const root = new URL('../..', import.meta.url).pathname;
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a YAML document edited in place

async function load(edit: (transfer: Doc) => void): Promise<SpecModel> {
  const doc = parse(await readFile(join(root, 'specs', 'huawei-metastudio.yaml'), 'utf8')) as Doc;
  edit(doc.paths['/v1/{project_id}/files'].post['x-drivespec-transfer']);
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-request-headers-'));
  temps.push(dir);
  const file = join(dir, 'huawei-metastudio.yaml');
  await writeFile(file, stringify(doc));
  return loadSpec('huawei-metastudio', 'specs/huawei-metastudio.yaml', file);
}

async function specError(edit: (transfer: Doc) => void): Promise<string> {
  try {
    await load(edit);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError');
}

describe('requestHeaders in the spec', () => {
  it('MetaStudio CreateFile: Content-MD5 from file_md5, Content-Type from file_type with the documented table', () => {
    expect(operations.CreateFile.transfer.requestHeaders).toEqual({
      'Content-MD5': { field: '/file_md5', values: null, otherwise: null },
      'Content-Type': {
        field: '/file_type',
        values: { gif: 'image/gif', jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', mp4: 'video/mp4', mp3: 'audio/mp3', wav: 'audio/wav' },
        otherwise: 'application/octet-stream',
      },
    });
  });

  it.each([
    [(t: Doc) => (t.requestHeaders['Content-MD5'].field = '/file_md55'), /requestHeaders\.Content-MD5\.field \/file_md55 is not a field of the request body/],
    [(t: Doc) => (t.requestHeaders['Content-MD5'].field = 'file_md5'), /field must be a JSON pointer/],
    [(t: Doc) => delete t.requestHeaders['Content-Type'].otherwise, /values and otherwise go together/],
    [(t: Doc) => (t.requestHeaders['Content-Type'].values.MP4 = 'video/mp4'), /MP4 must be lower-case/],
    [(t: Doc) => (t.requestHeaders['Content-Type'].default = 'x'), /unknown field default/],
    [(t: Doc) => (t.requestHeaders['Bad Name'] = { field: '/file_md5' }), /Bad Name is not a header name/],
    [(t: Doc) => (t.headers = { 'content-md5': 'x' }), /Content-MD5 is also a fixed header/],
  ])('refuses a mistake (%#)', async (edit, message) => {
    expect(await specError(edit)).toMatch(message);
  });
});

describe('transferRequestHeaders', () => {
  const body = (file_type: string) => ({ file_name: 'f', file_md5: '7Qdih1MuhjZehB6Sv8UNjA==', file_size: 12, file_type, asset_id: 'a', asset_file_category: 'MAIN' });

  it.each([
    ['mp4', 'video/mp4'],
    ['MP4', 'video/mp4'],
    ['JPG', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['gif', 'image/gif'],
    ['mp3', 'audio/mp3'],
    ['wav', 'audio/wav'],
    ['pdf', 'application/octet-stream'],
    ['constructor', 'application/octet-stream'],
  ])('file_type %s → Content-Type %s, Content-MD5 = file_md5', (type, contentType) => {
    expect(transferRequestHeaders(operations.CreateFile.transfer, body(type))).toEqual({ 'Content-MD5': '7Qdih1MuhjZehB6Sv8UNjA==', 'Content-Type': contentType });
  });

  it('no header rules: no headers', () => {
    expect(transferRequestHeaders({ requestHeaders: {} }, {})).toEqual({});
  });

  it('a body without the field is a spec bug, named', () => {
    expect(() => transferRequestHeaders(operations.CreateFile.transfer, { file_type: 'mp4' })).toThrow(/Content-MD5: the request body has no string at \/file_md5/);
  });
});
