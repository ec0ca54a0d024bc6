import '@fontsource-variable/inter/wght.css';
import '../styles/base.css';
import '../styles/ticker.css';
import { ErrorCode } from '../../shared/codes/error-codes.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { electionIdFromPath, fetchBulletins, pageViewerToken } from '../common/api.ts';
import { renderConnection } from '../common/connection-badge.ts';
import { byId, setText } from '../common/dom.ts';
import { formatTime } from '../common/format.ts';
import { audienceText, isRehearsal, markedTitle } from '../common/rehearsal.ts';
import { subscribe } from '../sdk/index.ts';
import type { ConnectionStatus } from '../sdk/connection-status.ts';
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

function ruleText(s: Snapshot): string {
  return s.rule.kind === 'majority' ? `More than ${s.rule.threshold}% wins; otherwise the top two go to a runoff` : 'Most votes wins';
}

function render(snapshot: Snapshot, delta?: Parameters<RoundView['update']>[2]): void {
  held = snapshot;
  document.title = markedTitle(snapshot, `${snapshot.name} · Live results · Tallyroom`);
  testBanner.hidden = !isRehearsal(snapshot);
  setText(byId('title'), snapshot.name);
  setText(byId('meta'), `${ruleText(snapshot)} · updated ${formatTime(snapshot.updatedAt)}`);
  notice.hidden = snapshot.rounds.length > 0;
  if (snapshot.rounds.length === 0) setText(notice, 'No results yet. Figures appear here as soon as the first bulletin is published.');
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

function showStatus(status: ConnectionStatus): void {
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
    setText(stale, `Connection lost. These figures are as of ${when} and may be out of date. ${status.state === 'offline' ? 'Still trying to reconnect…' : 'Reconnecting…'}`);
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

subscribe(electionId, {
  onUpdate(update) {
    if (update.kind === 'delta') {
      render(update.snapshot, update.delta);
      timeline.add(itemFromDelta(update.delta));
      showTimeline();
      return;
    }
    render(update.snapshot);
    if (update.reason !== 'definition') void loadHistory(update.snapshot);
  },
  onStatus: showStatus,
  onAudience(count) {
    setText(audience, audienceText(count));
    audience.hidden = false;
  },
  onError(error) {
    if (held) return;
    notice.hidden = false;
    if (error.code === ErrorCode.NotFound) {
      setText(byId('title'), 'No such election');
      document.title = 'No such election · Tallyroom';
    }
    setText(
      notice,
      error.code === ErrorCode.NotFound
        ? `There is no election “${electionId}” yet. This page will show it as soon as it is published.`
        : `The results cannot be loaded right now (${error.message}). Retrying…`,
    );
  },
}, { token: pageViewerToken() });
