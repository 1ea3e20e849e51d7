/** The tencent-smh upload flows (issue 11): written by its developer; none yet. */
import type { UploadFlow } from './types.js';

export const flows: readonly UploadFlow[] = [];
