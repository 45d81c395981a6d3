import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the chart kinds the board draws, so the echarts chunk stays a fraction of the full build.
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, TitleComponent, AriaComponent, CanvasRenderer]);

export interface Series {
  name: string;
  values: (number | null)[];
}

/** A bar (stacked) or line chart; `aria` on, so a screen reader gets ECharts' generated description. */
export function drawChart(el: HTMLElement, kind: 'bar' | 'line', categories: string[], series: Series[], title: string): EChartsType {
  const chart = init(el);
  chart.setOption({
    aria: { enabled: true },
    // No growing bars for who asks for less motion (and no half-drawn chart in a screenshot).
    animation: !matchMedia('(prefers-reduced-motion: reduce)').matches,
    title: { text: title, left: 0, textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' },
    legend: { top: 24, right: 0 },
    grid: { top: 64, left: 48, right: 16, bottom: 32 },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ name: s.name, type: kind, data: s.values, stack: kind === 'bar' ? 'all' : undefined, connectNulls: true })),
  });
  return chart;
}
