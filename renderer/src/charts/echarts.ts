// Only the ECharts parts VirtLab draws with, registered once: keeps the renderer bundle lean.
import * as echarts from 'echarts/core';
import { BoxplotChart, CustomChart, HeatmapChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  // Bars (Fig. 3) are a custom series drawn with their error bars, so the bar chart module is not needed.
  LineChart,
  CustomChart,
  HeatmapChart,
  BoxplotChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DataZoomComponent,
  // A panel's note in its empty plot (figure-option.ts: a speedup not defined at any node count).
  GraphicComponent,
  MarkLineComponent,
  TitleComponent,
  VisualMapComponent,
  CanvasRenderer,
  SVGRenderer,
]);

export { echarts };
export type { EChartsCoreOption, EChartsType } from 'echarts/core';
