import '@fontsource-variable/inter/wght.css';
import '../styles/graphics.css';
import { electionIdFromPath, pageViewerToken } from '../common/api.ts';
import { statusLabel } from '../common/connection-badge.ts';
import { byId, h, setText, setVar } from '../common/dom.ts';
import { isRehearsal, TEST_MARK } from '../common/rehearsal.ts';
import { subscribe } from '../sdk/index.ts';
import { createLayout } from './layouts.ts';
import { parseGraphicsParams } from './params.ts';
import { graphicsView } from './view-model.ts';

const CANVAS = { width: 1920, height: 1080 };
const params = parseGraphicsParams(location.search);
const root = document.documentElement;
const stage = byId('stage');
const operator = byId('operator');
const layout = createLayout(params.layout, stage);
// The rehearsal marker sits on the canvas itself, above every layout: a rehearsal fed to a real
// output by mistake must say so on air.
const testMark = h('div', { class: 'g-test', text: TEST_MARK, attrs: { 'data-test-mark': '' } });
testMark.hidden = true;
stage.append(testMark);
let statusTitle = 'Connecting…';
let rehearsal = false;
const showTitle = () => (document.title = `${rehearsal ? `${TEST_MARK} · ` : ''}${statusTitle} · Tallyroom graphics`);

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

subscribe(electionIdFromPath(), {
  // Only confirmed state reaches the canvas: the SDK hands over a snapshot only once it is in order.
  onUpdate(update) {
    rehearsal = isRehearsal(update.snapshot);
    testMark.hidden = !rehearsal;
    root.dataset.mode = update.snapshot.mode;
    showTitle();
    const view = graphicsView(update.snapshot, params);
    if (view) layout.update(view);
  },
  // Status goes to the operator (beside the canvas, the tab title, a data attribute), never on air:
  // during a drop the last confirmed figures stay up, unchanged.
  onStatus(status) {
    root.dataset.status = status.state;
    operator.dataset.state = status.state;
    setText(byId('operator-text'), statusLabel(status));
    statusTitle = status.state === 'live' ? '● LIVE' : `○ ${statusLabel(status).toUpperCase()}`;
    showTitle();
  },
  onError(error) {
    operator.dataset.state = 'error';
    setText(byId('operator-text'), error.message);
  },
  // On air every change shows as it comes (a graphic animates each step), not one per conflation window.
}, { token: pageViewerToken(), conflated: false });
