import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/graphics.css';
import { electionIdFromPath, pageViewerToken } from '../common/api.ts';
import { statusLabel } from '../common/connection-badge.ts';
import { byId, h, setText, setVar } from '../common/dom.ts';
import { applyToDocument, followElectionLanguage, startI18n, t } from '../common/i18n.ts';
import { isRehearsal, testMark } from '../common/rehearsal.ts';
import { subscribe } from '../sdk/index.ts';
import type { ConnectionStatus } from '../sdk/connection-status.ts';
import type { FeedUpdate } from '../sdk/election-feed.ts';
import { createLayout } from './layouts.ts';
import { parseGraphicsParams } from './params.ts';
import { graphicsView } from './view-model.ts';

const CANVAS = { width: 1920, height: 1080 };
const params = parseGraphicsParams(location.search);
const root = document.documentElement;
const stage = byId('stage');
const operator = byId('operator');
// On air the election's language comes before the browser's: the machine rendering the graphic
// (CasparCG, OBS) is not the audience. `?lang=` still wins.
await startI18n({ order: 'election-first' });
applyToDocument();
const followLanguage = followElectionLanguage('election-first');
let layout = createLayout(params.layout, stage);
// The rehearsal marker sits on the canvas itself, above every layout: a rehearsal fed to a real
// output by mistake must say so on air.
const mark = h('div', { class: 'g-test', text: testMark(), attrs: { 'data-test-mark': '' } });
mark.hidden = true;
stage.append(mark);
let statusTitle = '';
let lastStatus: ConnectionStatus | null = null;
let rehearsal = false;
const showTitle = () => (document.title = t('graphics.docTitle', { status: rehearsal ? t('test.markedTitle', { mark: testMark(), title: statusTitle }) : statusTitle }));

root.dataset.layout = params.layout;
if (params.backdrop) root.dataset.backdrop = params.backdrop;
if (params.showStatus) root.dataset.showStatus = 'true';

/**
 * A browser source sized 1920x1080 shows the canvas 1:1. A smaller window (an operator's preview) gets
 * it scaled to fit; a larger one shows the status indicator beside the canvas, off air.
 */
function fit(): void {
  const scale = Math.min(1, innerWidth / CANVAS.width, innerHeight / CANVAS.height);
  setVar(root, '--stage-scale', String(scale));
}
addEventListener('resize', fit);
fit();

function showStatus(status: ConnectionStatus): void {
  lastStatus = status;
  root.dataset.status = status.state;
  operator.dataset.state = status.state;
  setText(byId('operator-text'), statusLabel(status));
  statusTitle = status.state === 'live' ? t('graphics.live') : t('graphics.down', { status: statusLabel(status).toLocaleUpperCase() });
  showTitle();
}

/** The election's language decides the graphic's: switched before anything is drawn in the old one. */
async function relanguage(update: FeedUpdate): Promise<void> {
  if (!(await followLanguage(update.snapshot))) return;
  applyToDocument();
  layout = createLayout(params.layout, stage);
  stage.append(mark);
  setText(mark, testMark());
  if (lastStatus) showStatus(lastStatus);
}

// Only confirmed state reaches the canvas: the SDK hands over a snapshot only once it is in order.
function draw(update: FeedUpdate): void {
  rehearsal = isRehearsal(update.snapshot);
  mark.hidden = !rehearsal;
  root.dataset.mode = update.snapshot.mode;
  showTitle();
  const view = graphicsView(update.snapshot, params);
  if (view) layout.update(view);
}

let delivered = Promise.resolve();
subscribe(electionIdFromPath(), {
  onUpdate(update) {
    delivered = delivered
      .then(() => relanguage(update))
      .then(() => draw(update))
      .catch((error: unknown) => reportError(error));
  },
  // Status goes to the operator (beside the canvas, the tab title, a data attribute), never on air:
  // during a drop the last confirmed figures stay up, unchanged.
  onStatus: showStatus,
  onError(error) {
    operator.dataset.state = 'error';
    setText(byId('operator-text'), error.message);
  },
  // On air every change shows as it comes (a graphic animates each step), not one per conflation window.
}, { token: pageViewerToken(), conflated: false });
