import { describe, expect, it } from 'vitest';
import type { CodesPca } from '../../../src-main/ipc/contract.js';
import { componentName, pcaOption } from '../../../src-renderer/src/components/runs/codes/pcaOption.js';

const pca: CodesPca = {
  key: 'k', points: 3, dims: 4, explained: [0.625, 0.25],
  classes: [
    { classId: 1, name: 'walk', color: '#4e79a7', points: [{ clipId: 5, name: 'a.mp4', x: 1, y: 0 }, { clipId: 6, name: 'b.mp4', x: 2, y: 1 }] },
    { classId: null, name: 'unlabelled', color: '#9aa5b8', points: [{ clipId: 9, name: 'c.mp4', x: -3, y: -1 }] },
  ],
};

describe('pcaOption', () => {
  it('draws one scatter series per class in its colour, axes named with the explained variance', () => {
    const o = pcaOption(pca) as { series: { type: string; name: string; itemStyle: { color: string }; data: unknown[][] }[]; xAxis: { name: string }; yAxis: { name: string } };
    expect(o.series.map((s) => [s.type, s.name, s.itemStyle.color, s.data.length])).toEqual([['scatter', 'walk', '#4e79a7', 2], ['scatter', 'unlabelled', '#9aa5b8', 1]]);
    expect(o.series[0]!.data[1]).toEqual([2, 1, 'b.mp4', 6]);
    expect(o.xAxis.name).toBe('PC1 · 62.5%');
    expect(o.yAxis.name).toBe(componentName(pca, 1));
    expect(componentName(pca, 1)).toBe('PC2 · 25.0%');
  });
});
