export interface Bar {
  label: string;
  value: number;
}

interface BarChartProps {
  /** Names the chart for tests and styling (`data-chart`). */
  id: string;
  title: string;
  bars: Bar[];
  format(value: number): string;
}

const WIDTH = 640;
const HEIGHT = 180;
const LABEL_HEIGHT = 28;

/** A plain SVG bar chart, with the numbers also in a table for screen readers. */
export function BarChart({ id, title, bars, format }: BarChartProps) {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  const slot = bars.length === 0 ? WIDTH : WIDTH / bars.length;
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  const plotHeight = HEIGHT - LABEL_HEIGHT - 14;
  const labelEvery = Math.max(1, Math.ceil(bars.length / 10));
  return (
    <figure class="chart" data-chart={id}>
      <figcaption>{title}</figcaption>
      {bars.length === 0 ? (
        <p class="hint">No usage in this period.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${format(bar.value)}`).join(', ')}`}>
          {bars.map((bar, index) => {
            const height = max === 0 ? 0 : Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * plotHeight);
            const x = index * slot + (slot - barWidth) / 2;
            const y = 14 + plotHeight - height;
            return (
              <g key={bar.label}>
                <rect x={x} y={y} width={barWidth} height={height} data-label={bar.label} data-value={String(bar.value)}>
                  <title>{`${bar.label}: ${format(bar.value)}`}</title>
                </rect>
                {bar.value > 0 && bars.length <= 16 && (
                  <text x={x + barWidth / 2} y={y - 3} text-anchor="middle" class="value">
                    {format(bar.value)}
                  </text>
                )}
                {index % labelEvery === 0 && (
                  <text x={x + barWidth / 2} y={HEIGHT - 8} text-anchor="middle" class="axis">
                    {shorten(bar.label)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      )}
      {bars.length > 0 && (
        <details>
          <summary>Table</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">{title.split(' per ')[1] ?? 'Group'}</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {bars.map((bar) => (
                <tr key={bar.label}>
                  <td>{bar.label}</td>
                  <td>{format(bar.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

function shorten(label: string): string {
  // Days as MM-DD; long names cut so labels do not overlap.
  if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return label.slice(5);
  return label.length > 14 ? `${label.slice(0, 13)}…` : label;
}
