import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * The playback plumbing both players share (the clip viewer and the labeler): whether the video
 * plays, a callback on every presented frame while it does (so the frame counter follows the
 * picture, not the coarse `timeupdate`), and a readable message when the browser cannot decode
 * the file. Each player keeps its own frame origin, seeking and stop rules.
 */
export function useVideoPlayback(video: Ref<HTMLVideoElement | null>, onFrame: () => void, what: string) {
  const playing = ref(false);
  const failure = ref<string | null>(null);
  let frameCallback: number | null = null;

  function watchFrames(): void {
    const v = video.value;
    if (!v || !playing.value) return;
    frameCallback = v.requestVideoFrameCallback(() => {
      onFrame();
      watchFrames();
    });
  }

  function stopWatching(): void {
    if (frameCallback != null) video.value?.cancelVideoFrameCallback(frameCallback);
    frameCallback = null;
  }

  /** Bind to the video's play, pause and ended events. */
  function onPlayState(): void {
    playing.value = !!video.value && !video.value.paused;
    if (playing.value) watchFrames();
    else stopWatching();
  }

  /** Bind to the video's error event. */
  function onError(): void {
    const err = video.value?.error;
    const why = err?.code === 4 ? 'the format or codec is not supported by this player' : err?.message || 'the file could not be decoded';
    failure.value = `This ${what} cannot be played here: ${why}.`;
  }

  onBeforeUnmount(stopWatching);
  return { playing, failure, onPlayState, onError };
}
