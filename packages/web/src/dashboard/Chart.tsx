/**
 * An ECharts chart, loaded on demand: echarts (only the bar and pie charts, the grid, tooltip
 * and legend, the canvas renderer) is fetched the first time a chart mounts, so no other page
 * carries it. A click on a bar or slice reports its series and data index (the drill-down).
 */
import { useEffect, useRef } from 'react';

type EchartsCore = typeof import('echarts/core');
export type ChartOption = Record<string, unknown>;
export interface ChartClick {
  seriesName?: string;
  seriesIndex?: number;
  dataIndex: number;
  name: string;
}

let loading: Promise<EchartsCore> | undefined;
function loadEcharts(): Promise<EchartsCore> {
  loading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
    core.use([charts.BarChart, charts.PieChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.CanvasRenderer]);
    return core;
  })();
  return loading;
}

export function Chart({ option, onClick, height = 320, testId }: { option: ChartOption; onClick?: (c: ChartClick) => void; height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<EchartsCore['init']> | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | undefined;
    void loadEcharts().then((echarts) => {
      if (disposed || !el.current) return;
      const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.on('click', (p) => click.current?.(p as unknown as ChartClick));
      c.setOption(option);
      observer = new ResizeObserver(() => c.resize());
      observer.observe(el.current);
      el.current.dataset.ready = '1';
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // The chart is made once; option changes are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} className="chart" style={{ height }} data-testid={testId} />;
}
