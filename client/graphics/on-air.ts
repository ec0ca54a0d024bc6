import { setText } from '../common/dom.ts';
import { applyToDocument, followElectionLanguage } from '../common/i18n.ts';
import { isRehearsal, testMark } from '../common/rehearsal.ts';
import type { Snapshot } from '../../shared/schemas/snapshot.schema.ts';
import { createLayout, type GraphicsLayout } from './layouts.ts';
import type { GraphicsParams } from './params.ts';
import type { TemplateData } from './template-data.ts';
import { graphicsView, pageCount } from './view-model.ts';

/** Where the graphic's snapshots come from: subscribes to one election, returns how to stop. */
export type Subscribe = (electionId: string, onSnapshot: (snapshot: Snapshot) => void) => () => void;

export interface OnAirOptions {
  stage: HTMLElement;
  /** The rehearsal plate, kept above every layout. */
  mark: HTMLElement;
  electionId: string;
  params: GraphicsParams;
  /** A playout system decides when it is on air (`play()`); otherwise it shows with the first figures. */
  template: boolean;
  subscribe: Subscribe;
  /** Called after each drawn snapshot (the page's title and rehearsal state follow it). */
  drawn?: (snapshot: Snapshot) => void;
}

/** OGraf's step request: `goto` an absolute page, else `delta` pages on (1 by default). */
export interface StepRequest {
  delta?: number;
  goto?: number;
  skipAnimation?: boolean;
}

/**
 * The graphic on the canvas and everything a playout system can do to it: `configure` (update), `play`,
 * `stop`, `next` and OGraf's `step`. What is on air changes only in one synchronous step per confirmed
 * view, so an update never shows an empty or half-changed figure: a new layout, language or election is
 * built off screen and swapped in once its figures are there; until then the old ones stay up.
 */
export function createOnAir(options: OnAirOptions) {
  const { stage, mark } = options;
  let params: GraphicsParams = { ...options.params };
  let lang: string | null = new URLSearchParams(location.search).get('lang');
  let electionId = options.electionId;
  let snapshot: Snapshot | null = null;
  let page = 0;
  /** Whether the graphic should be on air (before any figures, `play()` is remembered). */
  let wanted = !options.template;
  let layout: GraphicsLayout = createLayout(params.layout);
  stage.replaceChildren(layout.element, mark);
  const followLanguage = followElectionLanguage('election-first', () => (lang ? `?lang=${encodeURIComponent(lang)}` : ''));

  /** A new layout replaces the old in one step, already showing when the old one was. */
  function swapLayout(): void {
    const next = createLayout(params.layout);
    if (snapshot) {
      const view = graphicsView(snapshot, params, page);
      if (view) next.update(view);
    }
    if (layout.shown) void next.show(false);
    layout = next;
    stage.replaceChildren(layout.element, mark);
  }

  function draw(): void {
    if (!snapshot) return;
    mark.hidden = !isRehearsal(snapshot);
    const view = graphicsView(snapshot, params, page);
    if (view) {
      layout.update(view);
      if (wanted && !layout.shown) void layout.show();
    }
    options.drawn?.(snapshot);
  }

  let queue = Promise.resolve();
  /** Everything that draws runs in order: a language switch loads its catalog before the next draw. */
  function inOrder<T>(work: () => T | Promise<T>): Promise<T> {
    const run = queue.then(work);
    queue = run.then(
      () => undefined,
      (error: unknown) => reportError(error),
    );
    return run;
  }

  async function received(next: Snapshot): Promise<void> {
    const switched = await followLanguage(next);
    snapshot = next;
    if (switched) {
      applyToDocument();
      setText(mark, testMark());
      swapLayout();
    }
    draw();
  }

  let unsubscribe = options.subscribe(electionId, (s) => void inOrder(() => received(s)));

  return {
    get electionId(): string {
      return electionId;
    },
    /** `update(data)`: what to show. Fields not named stay as they are. */
    configure(data: TemplateData): Promise<void> {
      return inOrder(async () => {
        const layoutChanged = data.layout !== undefined && data.layout !== params.layout;
        params = {
          ...params,
          ...(data.layout !== undefined ? { layout: data.layout } : {}),
          ...(data.round !== undefined ? { round: data.round } : {}),
          ...(data.candidates !== undefined ? { candidates: data.candidates } : {}),
          ...(data.max !== undefined ? { max: data.max } : {}),
        };
        if (data.candidates !== undefined || data.round !== undefined || data.max !== undefined) page = 0;
        if (data.lang !== undefined) lang = data.lang;
        if (data.election !== undefined && data.election !== electionId) {
          // The old election's figures stay on air until the new one's first snapshot replaces them.
          unsubscribe();
          electionId = data.election;
          unsubscribe = options.subscribe(electionId, (s) => void inOrder(() => received(s)));
        }
        const switched = snapshot ? await followLanguage(snapshot) : false;
        if (switched) {
          applyToDocument();
          setText(mark, testMark());
        }
        if (layoutChanged || switched) swapLayout();
        draw();
      });
    },
    /** Animates in; resolves once in (at once when there are no figures yet: they come in when they arrive). */
    play(animate = true): Promise<{ currentStep: number }> {
      return inOrder(async () => {
        wanted = true;
        if (snapshot && graphicsView(snapshot, params, page)) await layout.show(animate);
        return { currentStep: page };
      });
    },
    /** Animates out; resolves once out. */
    stop(animate = true): Promise<void> {
      return inOrder(async () => {
        wanted = false;
        await layout.hide(animate);
      });
    },
    /** The next page of candidates when there are more than `max`, back to the first after the last. */
    next(): Promise<{ currentStep: number }> {
      return inOrder(() => {
        const pages = snapshot ? pageCount(snapshot, params) : 1;
        page = (page + 1) % pages;
        draw();
        return { currentStep: page };
      });
    },
    /**
     * OGraf's playAction: to page `goto`, or `delta` pages on; from the start state that is page
     * `delta - 1`; past the last page the graphic goes out (currentStep undefined).
     */
    async step({ delta = 1, goto, skipAnimation = false }: StepRequest): Promise<{ currentStep: number | undefined }> {
      const pages = snapshot ? pageCount(snapshot, params) : 1;
      const target = goto ?? (wanted && layout.shown ? page : -1) + delta;
      if (target >= pages || target < 0) {
        await this.stop(!skipAnimation);
        return { currentStep: undefined };
      }
      await inOrder(() => {
        page = target;
        draw();
      });
      return this.play(!skipAnimation);
    },
  };
}

export type OnAir = ReturnType<typeof createOnAir>;
