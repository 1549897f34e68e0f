import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { DvsViewMode, JobInfo, MotionManifest } from '../../../src-main/ipc/contract';
import { api, fileUrl } from '../api/client';
import { errorMessage } from '../lib/format';
import { useJobsStore } from './jobs';

/** Playback speeds the synchronised viewer offers. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4] as const;

/**
 * The synchronised motion viewer of one clip: its cached preview (computed by a `motion.preview`
 * job the first time), the one cursor every pane follows, playback and the DVS display options.
 */
export const useMotionStore = defineStore('motion', () => {
  const jobs = useJobsStore();
  const clipId = ref<number | null>(null);
  const manifest = ref<MotionManifest | null>(null);
  const jobId = ref<number | null>(null);
  const error = ref<string | null>(null);
  /** The cursor: RGB frame index; flow shows pair min(frame, pairs - 1), DVS the window ending at it. */
  const frame = ref(0);
  const playing = ref(false);
  const speed = ref<number>(1);
  const windowMs = ref(40);
  const stack3 = ref(false);
  const arrows = ref(true);
  const onColor = ref('#ffffff');
  const offColor = ref('#3b82f6');

  const job = computed<JobInfo | null>(() => (jobId.value == null ? null : jobs.list.find((j) => j.id === jobId.value) ?? null));
  const flowPair = computed(() => (manifest.value ? Math.min(frame.value, manifest.value.flow.pairs - 1) : 0));
  /** µs time of the cursor's frame. */
  const timeUs = computed(() => (manifest.value ? Math.round((frame.value * 1e6) / manifest.value.fps) : 0));
  /** The events shown: the window (three windows for the stack) ending at the cursor, kept inside the clip. */
  const dvsWindow = computed(() => {
    const span = Math.round(windowMs.value * 1000) * (stack3.value ? 3 : 1);
    const t1 = Math.max(timeUs.value, span);
    return { t0Us: t1 - span, t1Us: t1, mode: (stack3.value ? 'stack3' : 'polarity') as DvsViewMode };
  });

  /** Opens the viewer on a clip: shows its cached preview or queues the job that makes it. */
  async function open(id: number): Promise<void> {
    clipId.value = id;
    manifest.value = null;
    jobId.value = null;
    error.value = null;
    frame.value = 0;
    playing.value = false;
    try {
      const r = await api.invoke('motion:preview', { clipId: id });
      if (clipId.value !== id) return;
      manifest.value = r.manifest;
      jobId.value = r.jobId;
      if (r.jobId != null && !jobs.loaded) void jobs.init();
    } catch (err) {
      if (clipId.value === id) error.value = `Could not prepare the motion preview: ${errorMessage(err)}`;
    }
  }

  function close(): void {
    clipId.value = null;
    manifest.value = null;
    jobId.value = null;
    playing.value = false;
  }

  // The preview job finished (or failed): load the manifest, or say why.
  watch(() => job.value?.state, async (state) => {
    const id = clipId.value;
    if (id == null || manifest.value) return;
    if (state === 'done') {
      try {
        manifest.value = await api.invoke('motion:manifest', { clipId: id });
        if (!manifest.value) error.value = 'The motion preview job finished but left no preview; run it again.';
      } catch (err) {
        error.value = errorMessage(err);
      }
    } else if (state === 'failed' || state === 'cancelled' || state === 'interrupted') {
      error.value = job.value?.error ?? `The motion preview job was ${state}.`;
    }
  });

  /** URL of a preview picture; the manifest time busts the browser cache when the preview is recomputed. */
  function pictureUrl(key: string): string {
    const url = fileUrl(key);
    return `${url}${url.includes('?') ? '&' : '?'}v=${encodeURIComponent(manifest.value?.createdAt ?? '')}`;
  }

  return {
    clipId, manifest, jobId, job, error, frame, playing, speed, windowMs, stack3, arrows, onColor, offColor,
    flowPair, timeUs, dvsWindow, open, close, pictureUrl,
  };
});
