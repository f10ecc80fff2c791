/** A lead's score over time as a step line, from its score history (server-rendered SVG). */
export function ScoreChart({ points }: { points: { at: Date; score: number }[] }) {
  if (points.length < 2) return null;
  const width = 600;
  const height = 140;
  const pad = 24;
  const times = points.map((p) => p.at.getTime());
  const scores = points.map((p) => p.score);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [s0, s1] = [Math.min(0, ...scores), Math.max(0, ...scores)];
  const x = (t: number) => pad + ((t - t0) / Math.max(1, t1 - t0)) * (width - 2 * pad);
  const y = (s: number) => height - pad - ((s - s0) / Math.max(1, s1 - s0)) * (height - 2 * pad);
  const path = points
    .map((p, i) => (i === 0 ? `M ${x(times[i]!)} ${y(p.score)}` : `H ${x(times[i]!)} V ${y(p.score)}`))
    .join(' ');
  return (
    <svg viewBox={`0 0 ${width} ${height}`} className="h-36 w-full max-w-2xl rounded-lg border border-slate-200 bg-white" role="img" aria-label="Score over time" data-testid="score-chart">
      <line x1={pad} x2={width - pad} y1={y(0)} y2={y(0)} stroke="#cbd5e1" strokeDasharray="4 4" />
      <path d={path} fill="none" stroke="#0f766e" strokeWidth={2} />
      {points.map((p, i) => <circle key={i} cx={x(times[i]!)} cy={y(p.score)} r={3} fill="#0f766e" />)}
      <text x={pad} y={14} fontSize={11} fill="#64748b">max {s1}</text>
    </svg>
  );
}
