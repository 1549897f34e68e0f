/**
 * The ECharts option of S002's PCA plot: one scatter series per class (its colour, legend entry
 * and clip names in the tooltip), axes titled with each component's explained variance. Also
 * registers the scatter series with the Runs area's shared ECharts setup (`lib/charts.ts`).
 */
import { ScatterChart } from 'echarts/charts';
import type { CodesPca } from '../../../../../src-main/ipc/contract';
import { axis, echarts, legend, pct, tooltip, type ChartOption } from '../../../lib/charts';

echarts.use([ScatterChart]);

/** "PC1 · 42.0%". */
export function componentName(p: CodesPca, i: number): string {
  return `PC${i + 1} · ${pct(p.explained[i] ?? 0)}`;
}

/** One scatter series per class, coloured by the class colour; data points carry [x, y, clip name, clip id]. */
export function pcaOption(p: CodesPca): ChartOption {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 34, bottom: 40 },
    legend: legend({ type: 'scroll', left: 0, right: 0 }),
    tooltip: tooltip({
      trigger: 'item',
      formatter: (it: { seriesName: string; data: [number, number, string, number] }) =>
        `${it.data[2]} <span style="opacity:.6">#${it.data[3]}</span><br/>${it.seriesName}<br/>(${it.data[0].toFixed(3)}, ${it.data[1].toFixed(3)})`,
    }),
    xAxis: axis({ type: 'value', name: componentName(p, 0), nameLocation: 'middle', nameGap: 26, scale: true, boundaryGap: ['4%', '4%'] }),
    yAxis: axis({ type: 'value', name: componentName(p, 1), nameLocation: 'middle', nameGap: 36, scale: true, boundaryGap: ['6%', '6%'] }),
    series: p.classes.map((c) => ({
      type: 'scatter',
      name: c.name,
      symbolSize: p.points > 400 ? 5 : 9,
      itemStyle: { color: c.color, opacity: 0.85, borderColor: 'rgba(0,0,0,0.35)', borderWidth: 1 },
      emphasis: { focus: 'series' },
      data: c.points.map((q) => [q.x, q.y, q.name, q.clipId]),
    })),
  };
}
