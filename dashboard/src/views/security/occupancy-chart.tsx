import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useFormat } from '../../i18n/i18n.ts';
import type { OccupancySample } from './use-security.ts';

const COLOURS = ['#0a5cad', '#b3261e', '#106b2f', '#7a4a00', '#6b3fa0', '#00707a', '#a0306b', '#4a5866'];

/** Residents inside per building, one line each, over the samples taken while the page is open. */
export function OccupancyChart({
  samples,
  names,
  label,
}: {
  samples: readonly OccupancySample[];
  names: ReadonlyMap<string, string>;
  label: string;
}) {
  const format = useFormat();
  const buildings = [...new Set(samples.flatMap((s) => Object.keys(s.inside)))].sort();
  const data = samples.map((s) => ({ at: s.at, ...s.inside }));
  return (
    <figure className="chart" aria-label={label} style={{ margin: 0 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="at"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={(v: number) => format.time(v)}
          />
          <YAxis allowDecimals={false} />
          <Tooltip labelFormatter={(v) => format.dateTime(Number(v))} />
          <Legend />
          {buildings.map((id, i) => (
            <Line
              key={id}
              dataKey={id}
              name={names.get(id) ?? id}
              stroke={COLOURS[i % COLOURS.length] ?? '#0a5cad'}
              dot={samples.length < 3}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
