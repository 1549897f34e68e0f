/**
 * Imports every job-kind module so each registers itself once (registry pattern): whoever starts a
 * JobRunner imports this file. Adding a job kind = one file plus one line here.
 */
import '../media/probeJob.js';
import '../media/demo/demoJob.js';
