import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useFormat, useT } from '../../i18n/i18n.ts';
import { messages } from './messages.ts';
import { type TrendEvidence, trendChart } from './trend.ts';

/** The sensor readings, the rule's fitted trend, the limit and the predicted crossing (IOT-9 evidence). */
export function EvidenceChart({ evidence }: { evidence: TrendEvidence }) {
  const t = useT(messages);
  const format = useFormat();
  const chart = trendChart(evidence);
  const unit = evidence.unit ?? '';
  const limits = [evidence.limit?.high, evidence.limit?.low].filter((v): v is number => v !== undefined);
  const values = chart.points.flatMap((p) => [p.reading, p.trend]).filter((v): v is number => v !== undefined);
  const lo = Math.min(...values, ...limits);
  const hi = Math.max(...values, ...limits);
  const pad = (hi - lo) * 0.08 || 1;
  const summary = t('evidence.summary', {
    metric: evidence.metric ?? '',
    n: evidence.series.length,
    slope: evidence.fit ? format.number(evidence.fit.slope, 3) : '—',
    unit,
    limit: limits.map((l) => format.number(l, 2)).join(' / ') || '—',
    at: chart.crossingAt ? format.dateTime(chart.crossingAt) : '—',
  });
  return (
    <figure className="chart chart-tall" style={{ margin: 0 }} aria-label={summary}>
      <figcaption className="meta">{summary}</figcaption>
      <ResponsiveContainer width="100%" height="85%">
        <ComposedChart data={chart.points} margin={{ top: 12, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={chart.domain}
            tickFormatter={(v: number) => format.dateTime(v)}
            minTickGap={40}
          />
          <YAxis
            domain={[lo - pad, hi + pad]}
            tickFormatter={(v: number) => format.number(v, 1)}
            unit={unit ? ` ${unit}` : ''}
            width={80}
          />
          <Tooltip labelFormatter={(v) => format.dateTime(Number(v))} formatter={(v) => format.number(Number(v), 2)} />
          <Legend />
          <Line
            dataKey="reading"
            name={t('evidence.readings')}
            stroke="#0a5cad"
            strokeWidth={0}
            dot={{ r: 2.5, fill: '#0a5cad' }}
            isAnimationActive={false}
            connectNulls={false}
          />
          <Line
            dataKey="trend"
            name={t('evidence.trend')}
            stroke="#7a4a00"
            strokeDasharray="6 4"
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          {evidence.limit?.high !== undefined ? (
            <ReferenceLine
              y={evidence.limit.high}
              stroke="#b3261e"
              strokeWidth={2}
              label={{ value: t('evidence.limitHigh', { v: evidence.limit.high }), position: 'insideTopLeft', fill: '#b3261e' }}
            />
          ) : null}
          {evidence.limit?.low !== undefined ? (
            <ReferenceLine
              y={evidence.limit.low}
              stroke="#b3261e"
              strokeWidth={2}
              label={{ value: t('evidence.limitLow', { v: evidence.limit.low }), position: 'insideBottomLeft', fill: '#b3261e' }}
            />
          ) : null}
          {chart.crossingAt !== null ? (
            <ReferenceLine
              x={chart.crossingAt}
              stroke="#b3261e"
              strokeDasharray="2 3"
              label={{ value: t('evidence.crossing'), position: 'insideTopRight', fill: '#b3261e' }}
            />
          ) : null}
          {chart.crossingAt !== null && chart.crossingValue !== null ? (
            <ReferenceDot x={chart.crossingAt} y={chart.crossingValue} r={6} fill="#b3261e" stroke="#fff" />
          ) : null}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
