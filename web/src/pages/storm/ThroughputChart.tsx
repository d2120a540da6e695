/**
 * Events received vs e-mails sent per minute, drawn with uPlot (a small, well-kept canvas
 * charting library): during a storm the first line rises while the second stays low — the
 * storm absorbed into digests and held to the rate limit.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ThroughputMinute } from '../../api/types';

interface ThroughputChartProps {
  minutes: ThroughputMinute[];
  labels: { received: string; sent: string };
}

/** Height of the chart in CSS pixels. */
const HEIGHT = 260;

/** Width of the chart: its container's, with a floor for phones. */
function widthOf(element: HTMLElement): number {
  return Math.max(280, Math.floor(element.getBoundingClientRect().width));
}

/** The chart; redrawn when the data change, resized with its container. */
export function ThroughputChart({ minutes, labels }: ThroughputChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const data: uPlot.AlignedData = [
      minutes.map((m) => Date.parse(m.minute) / 1000),
      minutes.map((m) => m.eventsReceived),
      minutes.map((m) => m.emailsSent),
    ];
    if (plot.current === null) {
      plot.current = new uPlot(
        {
          width: widthOf(element),
          height: HEIGHT,
          scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          series: [
            {},
            { label: labels.received, stroke: '#b45309', fill: 'rgba(180, 83, 9, 0.12)', width: 2 },
            { label: labels.sent, stroke: '#1d4ed8', width: 2 },
          ],
        },
        data,
        element,
      );
    } else {
      plot.current.setData(data);
    }
  }, [minutes, labels]);

  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => plot.current?.setSize({ width: widthOf(element), height: HEIGHT }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  return <div ref={container} className="throughput-chart" data-testid="throughput-chart" />;
}
