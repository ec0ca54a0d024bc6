import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/graphics.css';
import { electionIdFromPath, pageViewerToken } from '../common/api.ts';
import { statusLabel } from '../common/connection-badge.ts';
import { byId, h, setText, setVar } from '../common/dom.ts';
import { applyToDocument, startI18n, t } from '../common/i18n.ts';
import { isRehearsal, testMark } from '../common/rehearsal.ts';
import { subscribe } from '../sdk/index.ts';
import type { ConnectionStatus } from '../sdk/connection-status.ts';
import { createOnAir } from './on-air.ts';
import { parseGraphicsParams } from './params.ts';
import { installTemplateApi } from './template-api.ts';

const CANVAS = { width: 1920, height: 1080 };
const query = new URLSearchParams(location.search);
const params = parseGraphicsParams(location.search);
const root = document.documentElement;
const operator = byId('operator');
// On air the election's language comes before the browser's: the machine rendering the graphic
// (CasparCG, OBS) is not the audience. `?lang=` (or a playout system's `lang`) still wins.
await startI18n({ order: 'election-first' });
applyToDocument();
// The rehearsal marker sits on the canvas itself, above every layout: a rehearsal fed to a real
// output by mistake must say so on air.
const mark = h('div', { class: 'g-test', text: testMark(), attrs: { 'data-test-mark': '' } });
mark.hidden = true;
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

// Status goes to the operator (beside the canvas, the tab title, a data attribute), never on air:
// during a drop the last confirmed figures stay up, unchanged.
function showStatus(status: ConnectionStatus): void {
  lastStatus = status;
  root.dataset.status = status.state;
  operator.dataset.state = status.state;
  setText(byId('operator-text'), statusLabel(status));
  statusTitle = status.state === 'live' ? t('graphics.live') : t('graphics.down', { status: statusLabel(status).toLocaleUpperCase() });
  showTitle();
}

function showProblem(message: string): void {
  operator.dataset.state = 'error';
  setText(byId('operator-text'), message);
}

const onAir = createOnAir({
  stage: byId('stage'),
  mark,
  electionId: electionIdFromPath(),
  params,
  // `?template`: a playout system (CasparCG, SPX-GC, OGraf) says when it goes on air, with play().
  template: query.has('template'),
  subscribe: (electionId, onSnapshot) => {
    const subscription = subscribe(
      electionId,
      // Only confirmed state reaches the canvas: the SDK hands over a snapshot only once it is in order.
      // On air every change shows as it comes (a graphic animates each step), not one per conflation window.
      { onUpdate: (update) => onSnapshot(update.snapshot), onStatus: showStatus, onError: (error) => showProblem(error.message) },
      { token: pageViewerToken(), conflated: false },
    );
    return () => subscription.unsubscribe();
  },
  drawn(snapshot) {
    rehearsal = isRehearsal(snapshot);
    root.dataset.mode = snapshot.mode;
    root.dataset.election = snapshot.electionId;
    if (lastStatus) showStatus(lastStatus);
    else showTitle();
  },
});
installTemplateApi(onAir, showProblem);
