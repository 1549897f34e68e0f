import { registerJobKind } from '../../jobs/registry.js';
import type { ExportResult } from './registry.js';
import { exportSpecSchema, runExport, type ExportSpec } from './runExport.js';

/** `dataset.export`: the GUI's export (same code as `mwb export`); re-running overwrites the lists and reuses finished frame folders. */
export const exportJob = registerJobKind<ExportSpec>({
  id: 'dataset.export',
  schema: exportSpecSchema,
  resumable: true,
  describe: (s) => `Export ${s.format}${s.split ? ` (${s.split})` : ''} to ${s.out}`,
  async run(ctx): Promise<ExportResult> {
    ctx.progress({ phase: 'export', done: 0, total: 0, message: ctx.spec.format });
    const result = await runExport(ctx.workspace, ctx.spec, { signal: ctx.signal, progress: ctx.progress });
    const n = result.files.length;
    ctx.progress({ phase: 'export', done: n, total: n, message: `${n} file(s) written to ${result.outDir}` });
    return result;
  },
});
