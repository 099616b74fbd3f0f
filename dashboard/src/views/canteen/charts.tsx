import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Locale } from '../../i18n/define.ts';
import type { Formatters, Translate } from '../../i18n/i18n.ts';
import type { Canteen } from './api-types.ts';
import type { messages } from './messages.ts';
import type { RatePoint } from './order-rate.ts';
import type { RatingPoint } from './ratings.ts';
import { localName } from './stock-panel.tsx';

type T = Translate<typeof messages.en>;

/** Distinct on light and dark backgrounds, and told apart by dash pattern too (not colour alone). */
const SERIES = [
  { stroke: '#0a5cad', dash: undefined },
  { stroke: '#c05600', dash: '6 3' },
  { stroke: '#2e7d32', dash: '2 3' },
  { stroke: '#8e24aa', dash: '10 4 2 4' },
] as const;

function series(index: number) {
  return SERIES[index % SERIES.length] ?? SERIES[0];
}

function dashOf(index: number): { strokeDasharray?: string } {
  const { dash } = series(index);
  return dash ? { strokeDasharray: dash } : {};
}

/** Orders per minute per canteen (IOT-11): one line per canteen over the last minutes. */
export function OrdersChart({
  points,
  canteens,
  locale,
  t,
  fmt,
}: {
  points: readonly RatePoint[];
  canteens: readonly Canteen[];
  locale: Locale;
  t: T;
  fmt: Formatters;
}) {
  const data = points.map((point) => ({ ...point }));
  const last = points.at(-2);
  return (
    <figure className="cv-figure">
      <div className="chart" role="img" aria-label={t('orders.caption', { n: points.length })}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis
              dataKey="minute"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(value: number) => fmt.time(value).slice(0, 5)}
              minTickGap={24}
            />
            <YAxis allowDecimals={false} width={32} />
            <Tooltip labelFormatter={(value) => fmt.time(Number(value)).slice(0, 5)} />
            <Legend />
            {canteens.map((canteen, index) => (
              <Line
                key={canteen.id}
                type="monotone"
                name={localName(locale, canteen.name, canteen.nameZh)}
                dataKey={(point: RatePoint) => point.counts[canteen.id] ?? 0}
                stroke={series(index).stroke}
                {...dashOf(index)}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="visually-hidden">
        {canteens
          .map((canteen) => `${localName(locale, canteen.name, canteen.nameZh)}: ${last?.counts[canteen.id] ?? 0}`)
          .join('; ')}
      </figcaption>
    </figure>
  );
}

/** Satisfaction over time (CAT-8): the three aspects and the overall score, per day. */
export function RatingsChart({ points, t, fmt }: { points: readonly RatingPoint[]; t: T; fmt: Formatters }) {
  const lines = [
    { key: 'overall', label: t('ratings.overall'), width: 3 },
    { key: 'dish', label: t('ratings.dish'), width: 2 },
    { key: 'service', label: t('ratings.service'), width: 2 },
    { key: 'environment', label: t('ratings.environment'), width: 2 },
  ] as const;
  return (
    <figure className="cv-figure">
      <div className="chart" role="img" aria-label={t('ratings.caption')}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...points]} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
            <XAxis dataKey="key" tickFormatter={(value: string) => fmt.date(`${value}T00:00:00`)} minTickGap={24} />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} width={32} />
            <Tooltip labelFormatter={(value) => fmt.date(`${String(value)}T00:00:00`)} />
            <Legend />
            {lines.map((line, index) => (
              <Line
                key={line.key}
                type="monotone"
                name={line.label}
                dataKey={line.key}
                stroke={series(index).stroke}
                {...dashOf(index)}
                strokeWidth={line.width}
                connectNulls
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      {/* A table ignores width: the hidden wrapper keeps it out of the layout. */}
      <div className="visually-hidden">
        <table>
          <caption>{t('ratings.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('ratings.day')}</th>
              {lines.map((line) => (
                <th key={line.key} scope="col">
                  {line.label}
                </th>
              ))}
              <th scope="col">{t('ratings.count')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((point) => (
              <tr key={point.key}>
                <th scope="row">{fmt.date(`${point.key}T00:00:00`)}</th>
                {lines.map((line) => (
                  <td key={line.key}>{fmt.number(point[line.key], 2)}</td>
                ))}
                <td>{point.ratings}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
