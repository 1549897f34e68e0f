import { commonFolder, listableClips, listPaths } from './listPaths.js';
import { registerExportFormat } from './registry.js';
import { writeText } from './writeText.js';

const CRLF = '\r\n'; // the official UCF101 lists use CRLF line ends

/**
 * `ucf101`: `classInd.txt` (`<1-based index> <class>`), `trainlistNN.txt` (`<path> <index>`),
 * `testlistNN.txt` (`<path>`), like the official split files, for any split set; paths are relative
 * to the root (UCF101's `Class/v_Class_gGG_cCC.avi` when the media keep the official layout).
 * Validation clips, which UCF101 does not have, go to `vallistNN.txt` in the train format.
 */
export const ucf101Format = registerExportFormat({
  id: 'ucf101',
  describe: 'UCF101-style classInd.txt, trainlistNN.txt, testlistNN.txt',
  needsSplit: true,
  async run(ctx) {
    const { clips, warnings } = listableClips(ctx.data.clips);
    const root = ctx.options.root ?? commonFolder(clips.map((c) => c.path));
    const rel = listPaths(clips, root);
    const folds = new Set(clips.map((c) => c.fold).filter((f) => f != null));
    const fold = ctx.options.fold ?? (folds.size === 1 ? [...folds][0]! : 1);
    const nn = String(fold).padStart(2, '0');
    const files: string[] = [];
    const counts: Record<string, number> = {};
    const write = (name: string, lines: string[]): void => {
      files.push(writeText(ctx.outDir, name, lines.map((l) => l + CRLF).join('')));
      counts[name] = lines.length;
    };
    // UCF101 readers take the class name as one word: whitespace becomes '_'.
    const spaced = ctx.data.classes.filter((c) => /\s/.test(c.name)).map((c) => c.name);
    if (spaced.length) warnings.push(`classInd.txt names classes without spaces; renamed: ${spaced.map((n) => `"${n}"`).join(', ')}`);
    write('classInd.txt', ctx.data.classes.map((c, i) => `${i + 1} ${c.name.trim().replace(/\s+/g, '_')}`));
    const of = (subset: string): typeof clips => clips.filter((c) => c.subset === subset);
    write(`trainlist${nn}.txt`, of('train').map((c) => `${rel.get(c.id)} ${c.classIndex! + 1}`));
    write(`testlist${nn}.txt`, of('test').map((c) => rel.get(c.id)!));
    if (of('val').length) {
      write(`vallist${nn}.txt`, of('val').map((c) => `${rel.get(c.id)} ${c.classIndex! + 1}`));
      warnings.push(`UCF101 lists have no validation part; ${of('val').length} val clip(s) were written to vallist${nn}.txt`);
    }
    return { format: 'ucf101', split: ctx.data.split?.name ?? null, outDir: ctx.outDir, root, files, counts, warnings };
  },
});
