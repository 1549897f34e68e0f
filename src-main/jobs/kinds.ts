/**
 * Imports every job-kind module so each registers itself once (registry pattern): whoever starts a
 * JobRunner imports this file. Adding a job kind = one file plus one line here.
 */
import '../media/probeJob.js';
import '../media/demo/demoJob.js';
import '../media/framesJob.js';
import '../media/scrubJob.js';
import '../datasets/export/exportJob.js';
import '../datasets/importers/importJob.js';
import '../datasets/splits/leakage/checkJob.js';
import '../motion/flow/flowJob.js';
import '../motion/dvs/simulator/simulateJob.js';
import '../motion/preview/previewJob.js';
import '../training/data/codes/codesJob.js';
import '../training/run/runJob.js';
import '../training/eval/evalJob.js';
