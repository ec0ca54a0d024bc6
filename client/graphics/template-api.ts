import type { OnAir, StepRequest } from './on-air.ts';
import { parseTemplateData } from './template-data.ts';

/** The message a bridge in the parent frame (SPX-GC, OGraf: client/graphics/ograf/graphic.ts) sends. */
export interface BridgeCommand {
  tallyroom: 1;
  id: number;
  command: 'update' | 'play' | 'next' | 'stop' | 'step';
  data?: unknown;
  step?: StepRequest;
  skipAnimation?: boolean;
}

/** The globals CasparCG and SPX-GC call; `stop` replaces the browser's own `window.stop`, as every HTML template does. */
export interface TemplateGlobals {
  /** What to show: an object, a JSON string or CasparCG's `<templateData>` XML. */
  update: (data: unknown) => Promise<void>;
  /** Animate in. */
  play: () => Promise<{ currentStep: number }>;
  /** The next page of candidates. */
  next: () => Promise<{ currentStep: number }>;
  /** Animate out. */
  stop: () => Promise<void>;
}

/** A refused `update` keeps what is on air; the operator sees why beside the canvas. */
function update(onAir: OnAir, data: unknown, refused: (message: string) => void): Promise<void> {
  let parsed;
  try {
    parsed = parseTemplateData(data);
  } catch (error) {
    refused(error instanceof Error ? error.message : String(error));
    return Promise.resolve();
  }
  return onAir.configure(parsed);
}

/**
 * The HTML template contract of CasparCG and SPX-GC: global `update(data)`, `play()`, `next()` and
 * `stop()`. In a frame, the same commands arrive as messages from the parent window (the SPX-GC and
 * OGraf bridges), each answered with its result once done, so the bridge's promises settle when the
 * animation has.
 */
export function installTemplateApi(onAir: OnAir, refused: (message: string) => void): void {
  const globals: TemplateGlobals = {
    update: (data) => update(onAir, data, refused),
    play: () => onAir.play(),
    next: () => onAir.next(),
    stop: () => onAir.stop(),
  };
  Object.assign(window, globals);
  if (window.parent === window) return;

  addEventListener('message', (event: MessageEvent<BridgeCommand>) => {
    const message = event.data;
    // Only the frame's own parent drives it; frame-ancestors (FRAME_ANCESTORS) says who may be that parent.
    if (event.source !== window.parent || message?.tallyroom !== 1 || typeof message.id !== 'number') return;
    const animate = !message.skipAnimation;
    const run = (): Promise<unknown> => {
      switch (message.command) {
        case 'update':
          return update(onAir, message.data, refused);
        case 'play':
          return onAir.play(animate);
        case 'next':
          return onAir.next();
        case 'stop':
          return onAir.stop(animate);
        case 'step':
          return onAir.step(message.step ?? {});
        default:
          return Promise.reject(new Error(`unknown command ${String(message.command)}`));
      }
    };
    run().then(
      (result) => window.parent.postMessage({ tallyroom: 1, id: message.id, ok: true, result: result ?? null }, '*'),
      (error: unknown) => window.parent.postMessage({ tallyroom: 1, id: message.id, ok: false, message: String(error) }, '*'),
    );
  });
  window.parent.postMessage({ tallyroom: 1, ready: true }, '*');
}
