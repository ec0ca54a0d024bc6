import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/graphics.css';
import '../styles/night-graphics.css';
import type { NightSnapshot } from '../../shared/schemas/night.schema.ts';
import { electionIdFromPath } from '../common/api.ts';
import { statusLabel } from '../common/connection-badge.ts';
import { byId, setText, setVar } from '../common/dom.ts';
import { applyToDocument, startI18n, t } from '../common/i18n.ts';
import { createTallyClient } from '../sdk/index.ts';
import type { ConnectionStatus } from '../sdk/connection-status.ts';
import { keyContestsLayout, nightLayout, seatsLayout, tickerLayout } from './layouts.ts';

const CANVAS = { width: 1920, height: 1080 };
const root = document.documentElement;
const stage = byId('stage');
const operator = byId('operator');
const layout = nightLayout(location.search);
const query = new URLSearchParams(location.search);
// How long the ticker shows each contest: `?every=` seconds (2 to 60), 6 by default.
const everyMs = Math.min(60, Math.max(2, Number(query.get('every')) || 6)) * 1000;
await startI18n({ order: 'election-first' });
applyToDocument();
root.dataset.layout = layout;
if (query.get('backdrop') === 'studio' || query.get('backdrop') === 'checker') root.dataset.backdrop = query.get('backdrop')!;

function fit(): void {
  setVar(root, '--stage-scale', String(Math.min(1, innerWidth / CANVAS.width, innerHeight / CANVAS.height)));
}
addEventListener('resize', fit);
fit();

let night: NightSnapshot | null = null;
let tick = 0;

function draw(): void {
  if (!night) return;
  const panel = layout === 'seats' ? seatsLayout(night) : layout === 'key-contests' ? keyContestsLayout(night) : tickerLayout(night, tick);
  stage.replaceChildren(panel);
  root.dataset.night = night.nightId;
  root.dataset.version = String(night.version);
}

// Status goes to the operator (beside the canvas, a data attribute), never on air.
function showStatus(status: ConnectionStatus): void {
  root.dataset.status = status.state;
  operator.dataset.state = status.state;
  setText(byId('operator-text'), statusLabel(status));
  document.title = t('graphics.docTitle', { status: status.state === 'live' ? t('graphics.live') : statusLabel(status) });
}

if (layout === 'ticker') {
  setInterval(() => {
    tick += 1;
    draw();
  }, everyMs);
}

// Nights follow over the socket only (they have no poll path yet).
const client = createTallyClient({ transports: ['websocket', 'polling'], transport: 'socket' });
client.followNight(electionIdFromPath(), {
  onNight: (next) => {
    night = next;
    draw();
  },
  onStatus: showStatus,
  onError: (error) => {
    operator.dataset.state = 'error';
    setText(byId('operator-text'), error.message);
  },
});
