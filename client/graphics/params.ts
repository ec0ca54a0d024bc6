/** The layouts a browser source can show. */
export const Layout = { Bars: 'bars', LowerThird: 'lower-third', Ticker: 'ticker' } as const;
export type Layout = (typeof Layout)[keyof typeof Layout];

export interface GraphicsParams {
  layout: Layout;
  /** A round number, or null for the latest round. */
  round: number | null;
  /** Candidate ids to show, in any order (shown by votes); null for all. */
  candidates: string[] | null;
  /** At most this many candidates (after the filter). */
  max: number;
  /** A backdrop behind the transparent canvas, for previews in a browser (never on air). */
  backdrop: 'studio' | 'checker' | null;
  /** Show the operator's status indicator on the canvas (rehearsals). */
  showStatus: boolean;
}

const DEFAULT_MAX: Record<Layout, number> = { bars: 6, 'lower-third': 2, ticker: 12 };

/**
 * `/graphics/<id>?layout=bars|lower-third|ticker&round=1|2&candidates=a,b&max=4&backdrop=studio`.
 * Unknown or malformed values fall back to the defaults rather than blanking the output on air.
 */
export function parseGraphicsParams(search: string): GraphicsParams {
  const q = new URLSearchParams(search);
  const rawLayout = q.get('layout');
  const layout: Layout = rawLayout === 'lower-third' || rawLayout === 'ticker' ? rawLayout : 'bars';
  const round = Number(q.get('round'));
  const candidates = (q.get('candidates') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const max = Number(q.get('max'));
  const backdrop = q.get('backdrop');
  return {
    layout,
    round: Number.isInteger(round) && round >= 1 ? round : null,
    candidates: candidates.length > 0 ? candidates : null,
    max: Number.isInteger(max) && max >= 1 ? Math.min(max, 20) : DEFAULT_MAX[layout],
    backdrop: backdrop === 'studio' || backdrop === 'checker' ? backdrop : null,
    showStatus: q.get('status') === 'show',
  };
}
