import { flash, h, setText, setVar } from '../common/dom.ts';
import { t } from '../common/i18n.ts';
import type { Layout } from './params.ts';
import type { GraphicsCandidate, GraphicsView } from './view-model.ts';

/** Sets a figure; a changed one slides in (never an invented in-between value on air). */
function showFigure(el: HTMLElement, text: string): void {
  if (el.textContent === text) return;
  const first = el.textContent === '';
  el.textContent = text;
  if (!first) flash(el, 'is-new');
}

interface Row {
  el: HTMLElement;
  name: HTMLElement;
  party: HTMLElement;
  share: HTMLElement;
  votes: HTMLElement;
  fill: HTMLElement;
}

/**
 * Candidate rows keyed by id, positioned by `--slot` (a transform): when the order changes, rows glide
 * to their new place instead of the list jumping.
 */
function createRows(container: HTMLElement, className: string) {
  const rows = new Map<string, Row>();
  return function update(candidates: GraphicsCandidate[]): void {
    candidates.forEach((c, slot) => {
      let row = rows.get(c.id);
      if (!row) {
        row = {
          el: h('div', { class: className, attrs: { 'data-candidate': c.id } }),
          name: h('span', { class: 'g-name' }),
          party: h('span', { class: 'g-party' }),
          share: h('span', { class: 'g-share num' }),
          votes: h('span', { class: 'g-votes num' }),
          fill: h('span', { class: 'g-fill' }),
        };
        row.el.append(
          h('span', { class: 'g-track' }, row.fill),
          h('span', { class: 'g-chip' }),
          h('span', { class: 'g-who' }, row.name, row.party),
          h('span', { class: 'g-figures' }, row.share, row.votes),
        );
        setVar(row.el, '--slot', String(slot));
        rows.set(c.id, row);
        container.append(row.el);
      }
      setVar(row.el, '--slot', String(slot));
      setVar(row.el, '--color', c.color);
      setVar(row.fill, '--fraction', String(c.fraction));
      row.el.dataset.winner = String(c.winner);
      setText(row.name, c.name);
      setText(row.party, c.party);
      showFigure(row.share, c.share);
      showFigure(row.votes, c.votes);
    });
    for (const [id, row] of rows) {
      if (candidates.some((c) => c.id === id)) continue;
      row.el.remove();
      rows.delete(id);
    }
    setVar(container, '--rows', String(candidates.length));
  };
}

/**
 * Resolves once the panel's in or out transition is over, or at once when there is none (reduced
 * motion). The browser's own transition objects say so: no timer that a loaded machine could outrun.
 */
function transitioned(panel: HTMLElement): Promise<void> {
  // Reading the style starts the transition the class change asked for, so getAnimations() lists it.
  void getComputedStyle(panel).opacity;
  const running = panel.getAnimations().map((animation) => animation.finished.then(
    () => undefined,
    // Cancelled by the next play() or stop(): that call's own promise says when it is over.
    () => undefined,
  ));
  return Promise.all(running).then(() => undefined);
}

/**
 * One layout: built once, then updated with each confirmed view. It is shown (animated in) and hidden
 * (animated out) separately from its figures: a browser source shows it with the first view, a
 * playout system with `play()`; `animate: false` switches at once (OGraf's skipAnimation).
 */
export function createLayout(layout: Layout) {
  const title = h('span', { class: 'g-title' });
  const round = h('span', { class: 'g-round' });
  const progress = h('span', { class: 'g-progress num' });
  const headline = h('span', { class: 'g-headline' });
  const badge = h('span', { class: 'g-badge' });
  const list = h('div', { class: 'g-rows' });
  const updateRows = createRows(list, 'g-row');
  const panel = h('div', { class: `g-panel g-${layout}` });
  const crawl = h('div', { class: 'g-crawl' }, list);

  /** The ticker strip crawls only when its candidates do not fit, at a readable 60 px/s. */
  function fitCrawl(): void {
    const overflow = list.scrollWidth - crawl.clientWidth;
    crawl.classList.toggle('is-crawling', overflow > 0);
    // The hidden end is to the left in a right-to-left strip: glide the other way.
    const toward = document.documentElement.dir === 'rtl' ? 1 : -1;
    setVar(crawl, '--crawl-distance', `${toward * Math.max(0, overflow)}px`);
    setVar(crawl, '--crawl-duration', `${Math.max(8, overflow / 60 / 0.76)}s`);
  }

  if (layout === 'bars') {
    panel.append(h('div', { class: 'g-head' }, h('span', { class: 'g-kicker' }, title, round), progress), list, h('div', { class: 'g-foot' }, headline));
  } else if (layout === 'lower-third') {
    panel.append(h('div', { class: 'g-tag' }, h('span', { class: 'g-live', text: t('graphics.liveResults') }), title), h('div', { class: 'g-body' }, h('div', { class: 'g-strap' }, headline, progress), list));
  } else {
    panel.append(h('div', { class: 'g-tag' }, title, progress), crawl);
  }
  // The desk's badge leads the panel on every layout: a call is the news.
  panel.prepend(badge);

  function setShown(shown: boolean, animate: boolean): Promise<void> {
    if (panel.classList.contains('is-shown') === shown) return Promise.resolve();
    panel.classList.toggle('is-instant', !animate);
    panel.classList.toggle('is-shown', shown);
    if (!animate) {
      // Read layout so the class change applies without a transition, then allow transitions again.
      void panel.offsetWidth;
      panel.classList.remove('is-instant');
      return Promise.resolve();
    }
    return transitioned(panel);
  }

  return {
    element: panel,
    update(view: GraphicsView): void {
      setText(title, view.title);
      setText(round, view.round);
      showFigure(progress, view.progress);
      showFigure(headline, view.headline);
      setText(badge, view.badge);
      badge.hidden = view.badge === '';
      panel.dataset.final = String(view.final);
      updateRows(view.candidates);
      if (layout === 'ticker') requestAnimationFrame(fitCrawl);
    },
    get shown(): boolean {
      return panel.classList.contains('is-shown');
    },
    /** Animates in (or appears at once). */
    show: (animate = true) => setShown(true, animate),
    /** Animates out (or disappears at once). */
    hide: (animate = true) => setShown(false, animate),
  };
}

export type GraphicsLayout = ReturnType<typeof createLayout>;
