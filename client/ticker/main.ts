import '@fontsource-variable/inter/wght.css';
import '@fontsource-variable/vazirmatn/wght.css';
import '../styles/base.css';
import '../styles/ticker.css';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { electionIdFromPath, fetchBulletins, pageTransport, pageViewerToken } from '../common/api.ts';
import { renderConnection } from '../common/connection-badge.ts';
import { byId, setText } from '../common/dom.ts';
import { formatTime, formatWholePercent } from '../common/format.ts';
import { electionName } from '../common/headline.ts';
import { applyToDocument, followElectionLanguage, startI18n, t } from '../common/i18n.ts';
import { audienceText, isRehearsal, markedTitle } from '../common/rehearsal.ts';
import { subscribe } from '../sdk/index.ts';
import type { ConnectionStatus } from '../sdk/connection-status.ts';
import type { FeedUpdate } from '../sdk/election-feed.ts';
import { createRoundView, type RoundView } from './round-view.ts';
import { createTimeline, itemFromDelta, itemFromRecord } from './timeline.ts';

/** A drop shorter than this does not raise the stale banner: a blip is not news. */
const STALE_AFTER_MS = 2000;

const electionId = electionIdFromPath();
const roundsEl = byId('rounds');
const notice = byId('notice');
const stale = byId('stale');
const testBanner = byId('test-banner');
const audience = byId('audience');
const timelineSection = byId('timeline');
const timeline = createTimeline(byId<HTMLOListElement>('timeline-list'));
const views = new Map<number, RoundView>();
let held: Snapshot | null = null;
let staleTimer: ReturnType<typeof setTimeout> | null = null;
let audienceCount: number | null = null;
// The reader's language first (`?lang=`, the browser's); the election's `language` when neither is offered.
await startI18n();
applyToDocument();
const followLanguage = followElectionLanguage('reader-first');

function ruleText(s: Snapshot): string {
  const { rule } = s;
  const seats = s.seats ?? 1;
  if (rule.kind === 'majority') return t(rule.of === 'cast' ? 'ticker.ruleMajorityOfCast' : 'ticker.ruleMajority', { threshold: formatWholePercent(rule.threshold) });
  if (rule.kind === 'quota') return t('ticker.ruleQuota', { seats, threshold: formatWholePercent(rule.threshold) });
  if (rule.kind === 'list') return t('ticker.ruleList', { seats, threshold: formatWholePercent(rule.threshold ?? 0) });
  if (rule.kind === 'referendum') {
    const threshold = formatWholePercent(rule.threshold);
    return rule.quorum === undefined ? t('ticker.ruleReferendum', { threshold }) : t('ticker.ruleReferendumQuorum', { threshold, quorum: formatWholePercent(rule.quorum) });
  }
  return seats > 1 ? t('ticker.rulePluralitySeats', { seats }) : t('ticker.rulePlurality');
}

function render(snapshot: Snapshot, delta?: Parameters<RoundView['update']>[2]): void {
  held = snapshot;
  const name = electionName(snapshot);
  document.title = markedTitle(snapshot, t('ticker.docTitle', { name }));
  testBanner.hidden = !isRehearsal(snapshot);
  setText(byId('title'), name);
  setText(byId('meta'), t('ticker.meta', { rule: ruleText(snapshot), time: formatTime(snapshot.updatedAt) }));
  notice.hidden = snapshot.rounds.length > 0;
  if (snapshot.rounds.length === 0) setText(notice, t('ticker.noResults'));
  // The latest round first: during a runoff, readers come for the runoff.
  const order = [...snapshot.rounds].sort((a, b) => b.round - a.round);
  order.forEach((round, index) => {
    let view = views.get(round.round);
    if (!view) {
      view = createRoundView(round.round);
      views.set(round.round, view);
    }
    view.update(snapshot, round, delta);
    if (roundsEl.children[index] !== view.element) roundsEl.insertBefore(view.element, roundsEl.children[index] ?? null);
  });
  for (const [n, view] of views) {
    if (snapshot.rounds.some((r) => r.round === n)) continue;
    view.element.remove();
    views.delete(n);
  }
}

async function loadHistory(snapshot: Snapshot): Promise<void> {
  try {
    const page = await fetchBulletins(electionId, Math.max(0, snapshot.version - 12), 12);
    for (const record of page.bulletins) timeline.add(itemFromRecord(record));
  } catch {
    // The timeline is a courtesy: the results above are complete without it.
  }
  showTimeline();
}

function showTimeline(): void {
  timelineSection.hidden = timeline.size === 0;
  timeline.render(held);
}

let lastStatus: ConnectionStatus | null = null;
function showStatus(status: ConnectionStatus): void {
  lastStatus = status;
  renderConnection(byId('connection'), status);
  const down = status.state === 'reconnecting' || status.state === 'offline';
  if (!down || !held) {
    if (staleTimer) clearTimeout(staleTimer);
    staleTimer = null;
    stale.hidden = true;
    return;
  }
  const show = () => {
    if (!held) return;
    const when = formatTime(held.updatedAt);
    setText(stale, t('ticker.stale', { time: when, retry: t(status.state === 'offline' ? 'ticker.staleOffline' : 'ticker.staleReconnecting') }));
    stale.hidden = false;
  };
  if (!stale.hidden) {
    show();
    return;
  }
  staleTimer ??= setTimeout(() => {
    staleTimer = null;
    show();
  }, STALE_AFTER_MS);
}

/**
 * The first snapshot may carry the election's `language`, which decides the page's when the reader's
 * do not: the catalog loads first, then everything already drawn is drawn again in it.
 */
async function relanguage(snapshot: Snapshot): Promise<void> {
  if (!(await followLanguage(snapshot))) return;
  applyToDocument();
  for (const view of views.values()) view.element.remove();
  views.clear();
  if (audienceCount !== null) setText(audience, audienceText(audienceCount));
  if (lastStatus) showStatus(lastStatus);
}

let delivered = Promise.resolve();
/** Updates are drawn in order, each after any language switch its snapshot asked for. */
function deliver(update: FeedUpdate): void {
  delivered = delivered
    .then(() => relanguage(update.snapshot))
    .then(() => draw(update))
    .catch((error: unknown) => reportError(error));
}

function draw(update: FeedUpdate): void {
  if (update.kind === 'delta') {
    render(update.snapshot, update.delta);
    timeline.add(itemFromDelta(update.delta));
    showTimeline();
    return;
  }
  render(update.snapshot);
  if (update.reason !== 'definition') void loadHistory(update.snapshot);
}

subscribe(electionId, {
  onUpdate: deliver,
  onStatus: showStatus,
  onAudience(count) {
    audienceCount = count;
    setText(audience, audienceText(count));
    audience.hidden = false;
  },
  onError(error) {
    if (held) return;
    notice.hidden = false;
    if (error.code === ErrorCode.NotFound) {
      setText(byId('title'), t('ticker.noSuchTitle'));
      document.title = t('ticker.noSuchDocTitle');
    }
    setText(notice, error.code === ErrorCode.NotFound ? t('ticker.noSuch', { id: electionId }) : t('ticker.cannotLoad', { message: error.message }));
  },
}, { token: pageViewerToken(), transport: pageTransport() });
