/**
 * The generator refuses an x-drivespec-client-option named like an option every client already
 * has (scripts/generate/spec-model.ts RESERVED_OPTIONS). The list is the generator's own copy (it
 * does not import src/); this keeps it equal to the options `createClient` really reads.
 */
import { expectTypeOf, it } from 'vitest';
import type { RESERVED_OPTIONS } from '../../scripts/generate/spec-model.js';
import type { ClientTestHooks, CommonClientOptions } from '../../src/core/client-options.js';

it('RESERVED_OPTIONS names every common client option, the test hooks and credentials, and nothing else', () => {
  expectTypeOf<(typeof RESERVED_OPTIONS)[number]>().toEqualTypeOf<keyof CommonClientOptions | keyof ClientTestHooks | 'credentials'>();
});
