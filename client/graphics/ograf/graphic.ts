/**
 * The Tallyroom results graphic as an EBU OGraf graphic (https://ograf.ebu.io, v1): a Web Component
 * whose actions drive the very graphics page a browser source shows, framed from the Tallyroom
 * server (`data.server`), through the page's bridge messages (client/graphics/template-api.ts).
 * Built on its own, with no import, to `/templates/tallyroom/tallyroom-results.mjs`, beside its
 * manifest `tallyroom-results.ograf.json` and the SPX-GC template `tallyroom-spx.html` that uses it:
 * copy the folder into the renderer's graphics (or SPX's ASSETS/templates) folder.
 */

interface ReturnPayload {
  statusCode: number;
  statusMessage?: string;
  currentStep?: number | undefined;
  result?: unknown;
}

interface Fields {
  server?: string;
  election?: string;
  [field: string]: unknown;
}

type Answer = { ok: true; result: unknown } | { ok: false; message: string };

const DEFAULT_SERVER = 'http://localhost:3000';
const LOAD_TIMEOUT_MS = 15_000;

/** The page's URL for these fields: `?template` so that it waits for play(). */
export function graphicsUrl(fields: Fields): string {
  const server = (fields.server || DEFAULT_SERVER).replace(/\/+$/, '');
  const url = new URL(`${server}/graphics/${encodeURIComponent(fields.election || 'none')}`);
  url.searchParams.set('template', 'ograf');
  if (typeof fields.layout === 'string' && fields.layout) url.searchParams.set('layout', fields.layout);
  if (typeof fields.lang === 'string' && fields.lang) url.searchParams.set('lang', fields.lang);
  if (typeof fields.token === 'string' && fields.token) url.searchParams.set('access_token', fields.token);
  return url.toString();
}

export default class TallyroomResults extends HTMLElement {
  private frame: HTMLIFrameElement | null = null;
  private ready: Promise<void> = Promise.resolve();
  private pending = new Map<number, (answer: Answer) => void>();
  private lastId = 0;
  private server = '';
  private readonly onMessage = (event: MessageEvent) => {
    const message = event.data as { tallyroom?: number; id?: number; ok?: boolean; result?: unknown; message?: string };
    if (!this.frame || event.source !== this.frame.contentWindow || message?.tallyroom !== 1 || typeof message.id !== 'number') return;
    this.pending.get(message.id)?.(message.ok ? { ok: true, result: message.result } : { ok: false, message: String(message.message) });
    this.pending.delete(message.id);
  };

  private send(command: string, extra: Record<string, unknown> = {}): Promise<Answer> {
    return this.ready.then(
      () =>
        new Promise<Answer>((resolve) => {
          const id = ++this.lastId;
          this.pending.set(id, resolve);
          this.frame?.contentWindow?.postMessage({ tallyroom: 1, id, command, ...extra }, new URL(this.server).origin);
        }),
    );
  }

  private open(fields: Fields): void {
    this.frame?.remove();
    const frame = document.createElement('iframe');
    frame.src = graphicsUrl(fields);
    frame.title = 'Tallyroom results';
    frame.setAttribute('allowtransparency', 'true');
    frame.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;border:0;background:transparent;color-scheme:normal';
    this.server = frame.src;
    this.ready = new Promise<void>((resolve) => {
      const onReady = (event: MessageEvent) => {
        if (event.source === frame.contentWindow && (event.data as { ready?: boolean })?.ready) {
          removeEventListener('message', onReady);
          resolve();
        }
      };
      addEventListener('message', onReady);
    });
    this.frame = frame;
    this.style.cssText = 'position:absolute;inset:0;display:block';
    this.append(frame);
  }

  private static payload(answer: Answer, extra: Partial<ReturnPayload> = {}): ReturnPayload {
    return answer.ok ? { statusCode: 200, ...extra } : { statusCode: 400, statusMessage: answer.message };
  }

  async load(params: { data?: Fields; renderType?: string }): Promise<ReturnPayload> {
    if (params.renderType && params.renderType !== 'realtime') return { statusCode: 400, statusMessage: 'Only real-time rendering is supported' };
    addEventListener('message', this.onMessage);
    const fields = params.data ?? {};
    this.open(fields);
    // A page that never loads (a wrong server, or one whose FRAME_ANCESTORS refuses this renderer) fails the load.
    const loaded = await Promise.race([this.ready.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), LOAD_TIMEOUT_MS))]);
    if (!loaded) return { statusCode: 504, statusMessage: `No Tallyroom graphics page answered from ${this.server}` };
    return TallyroomResults.payload(await this.send('update', { data: fields }));
  }

  async dispose(): Promise<ReturnPayload> {
    removeEventListener('message', this.onMessage);
    this.frame?.remove();
    this.frame = null;
    return { statusCode: 200 };
  }

  /** `data`: the fields to change, or (from the CasparCG/SPX template) a string the page reads itself. */
  async updateAction(params: { data?: Fields | string; skipAnimation?: boolean }): Promise<ReturnPayload> {
    const fields = params.data ?? {};
    // Another server is another page; everything else the page changes in place.
    if (typeof fields === 'object' && fields.server && graphicsUrl({ ...fields, election: 'x' }).split('/graphics/')[0] !== this.server.split('/graphics/')[0]) this.open(fields);
    return TallyroomResults.payload(await this.send('update', { data: fields }));
  }

  async playAction(params: { delta?: number; goto?: number; skipAnimation?: boolean } = {}): Promise<ReturnPayload> {
    const answer = await this.send('step', { step: { delta: params.delta, goto: params.goto, skipAnimation: params.skipAnimation } });
    return TallyroomResults.payload(answer, { currentStep: answer.ok ? (answer.result as { currentStep?: number }).currentStep : undefined });
  }

  async stopAction(params: { skipAnimation?: boolean } = {}): Promise<ReturnPayload> {
    return TallyroomResults.payload(await this.send('stop', { skipAnimation: params.skipAnimation }));
  }

  /** `showRound` ({ round }: a round number, none for the latest) and `nextPage` (wrapping to the first). */
  async customAction(params: { id: string; payload?: { round?: number | null } }): Promise<ReturnPayload> {
    if (params.id === 'showRound') return TallyroomResults.payload(await this.send('update', { data: { round: params.payload?.round ?? null } }));
    if (params.id === 'nextPage') {
      const answer = await this.send('next');
      return TallyroomResults.payload(answer, { result: answer.ok ? answer.result : undefined });
    }
    return { statusCode: 404, statusMessage: `No custom action "${params.id}"` };
  }
}
