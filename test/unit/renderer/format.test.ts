import { describe, expect, it } from 'vitest';
import {
  errorCode, errorMessage, formatBytes, shortError, formatCount, formatDuration, formatEta, formatFps, formatTimecode, percent, plural,
} from '../../../src-renderer/src/lib/format';

describe('renderer formatting', () => {
  it('formats clip durations in seconds under a minute, clock style above', () => {
    expect(formatDuration(2)).toBe('2.0 s');
    expect(formatDuration(0.04)).toBe('0.0 s');
    expect(formatDuration(59.94)).toBe('59.9 s');
    expect(formatDuration(65.4)).toBe('1:05');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
  });

  it('formats ETAs as approximate time left, empty when unknown', () => {
    expect(formatEta(12.4)).toBe('~12 s left');
    expect(formatEta(0.2)).toBe('~1 s left');
    expect(formatEta(180)).toBe('~3 min left');
    expect(formatEta(3900)).toBe('~1 h 5 min left');
    expect(formatEta(7200)).toBe('~2 h left');
    expect(formatEta(null)).toBe('');
    expect(formatEta(-3)).toBe('');
  });

  it('formats player timecodes with milliseconds', () => {
    expect(formatTimecode(0)).toBe('0:00.000');
    expect(formatTimecode(0.12)).toBe('0:00.120');
    expect(formatTimecode(61.5)).toBe('1:01.500');
    expect(formatTimecode(3661.25)).toBe('1:01:01.250');
  });

  it('formats sizes, counts, frame rates and percentages', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(6840)).toBe('6.68 KiB');
    expect(formatBytes(23.4 * 1024 * 1024)).toBe('23.4 MiB');
    expect(formatCount(100000)).toBe('100,000');
    expect(plural(1, 'clip')).toBe('1 clip');
    expect(plural(3, 'class', 'classes')).toBe('3 classes');
    expect(formatFps(25)).toBe('25 fps');
    expect(formatFps(29.97002997)).toBe('29.97 fps');
    expect(formatFps(null)).toBe('—');
    expect(percent(5, 32)).toBe(16);
    expect(percent(40, 32)).toBe(100);
    expect(percent(3, 0)).toBeNull();
  });

  it('strips the Electron IPC wrapper from error messages', () => {
    expect(errorMessage(new Error("Error invoking remote method 'workspace:open': Error: /x is a file, not a folder")))
      .toBe('/x is a file, not a folder');
    expect(errorMessage(new Error('plain'))).toBe('plain');
    expect(errorMessage('text')).toBe('text');
    expect(errorMessage(42)).toBe('Unknown error');
  });

  it('shortens media errors for cards by dropping the file path', () => {
    expect(shortError('File not found: /data/v/a b/clip.mp4')).toBe('File not found');
    expect(shortError('/tmp/x/empty_clip.mp4 is empty (0 bytes): the copy or download probably failed'))
      .toBe('Empty (0 bytes): the copy or download probably failed');
    expect(shortError('/tmp/x/text_clip.mp4: ffprobe could not read it: Invalid data found when processing input'))
      .toBe('ffprobe could not read it: Invalid data found when processing input');
    expect(shortError('C:\\videos\\a.mp4 has no video stream (audio only)')).toBe('No video stream (audio only)');
    expect(shortError('Cannot read /x/y.mp4: EACCES: permission denied')).toBe('Cannot read: EACCES: permission denied');
    expect(shortError('moov atom not found')).toBe('moov atom not found');
  });

  it('reads the bridge error code from any thrown object', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'not_found' }))).toBe('not_found');
    expect(errorCode(new Error('x'))).toBeNull();
    expect(errorCode('x')).toBeNull();
  });
});
