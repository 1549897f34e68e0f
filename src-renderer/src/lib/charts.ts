/**
 * ECharts set up once for the renderer with only the parts the Runs area draws (line, bar and
 * heatmap series on a canvas), so the bundle stays small, plus the dark theme's shared styling.
 */
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, CanvasRenderer]);

export { echarts };
/** An ECharts option object (the full option type of echarts/core). */
export type ChartOption = echarts.EChartsCoreOption;

/** Series colours, in order: distinguishable on the dark background. */
export const SERIES_COLORS = ['#4d8dff', '#34c38a', '#e6a23c', '#c77dff', '#ef6262', '#3ec7d6', '#f2c94c', '#9aa5b8'];

const AXIS = { color: '#6c7484', fontSize: 11 };
const SPLIT = { lineStyle: { color: '#222731' } };

/** Axis styling shared by every chart (labels, grid lines) merged with the axis' own settings. */
export function axis(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    axisLabel: AXIS,
    axisLine: { lineStyle: { color: '#353c4a' } },
    splitLine: SPLIT,
    nameTextStyle: { color: '#a2a9b7', fontSize: 11 },
    ...extra,
  };
}

/** Tooltip styling shared by every chart. */
export function tooltip(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    backgroundColor: '#1a1e25',
    borderColor: '#353c4a',
    textStyle: { color: '#e3e6ec', fontSize: 12 },
    ...extra,
  };
}

/** Legend styling shared by every chart. */
export function legend(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { top: 0, right: 0, textStyle: { color: '#a2a9b7', fontSize: 11 }, itemWidth: 14, itemHeight: 8, ...extra };
}

/** 0.8123 -> "81.2%"; null -> "—". */
export function pct(v: number | null | undefined, digits = 1): string {
  return v == null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** A loss or learning rate with sensible precision: 1.2345 -> "1.235", 0.0001 -> "1.0e-4". */
export function num(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(1);
  return v.toFixed(a >= 100 ? 1 : 3);
}
