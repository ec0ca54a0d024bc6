import { parseFigure, type FigureParse } from '../../shared/numbers/parse-figure.ts';
import { h, setText } from '../common/dom.ts';
import { formatCount } from '../common/format.ts';
import { intl, t } from '../common/i18n.ts';

let counter = 0;

/**
 * A text input for a count, typed the way it is read out ("14.619 million", "over 40m"), with what it
 * was read as beside it before anything is sent, and the server's (or preview's) complaint under it.
 */
export function createFigureField(options: { label: string; name: string; required?: boolean; hint?: string }) {
  const id = `fig-${++counter}`;
  const input = h('input', {
    class: 'figure-input num',
    attrs: { id, name: options.name, type: 'text', inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${id}-read ${id}-err` },
  });
  if (options.required) input.required = true;
  const read = h('output', { class: 'figure-read num', attrs: { id: `${id}-read`, for: id } });
  const error = h('p', { class: 'field-error', attrs: { id: `${id}-err` } });
  const label = h('label', { attrs: { for: id } }, options.label, options.required ? h('span', { class: 'req', text: ' *', attrs: { 'aria-hidden': 'true' } }) : null);
  const element = h('div', { class: 'field figure-field', attrs: { 'data-field': options.name } }, label, h('div', { class: 'figure-row' }, input, read), options.hint ? h('p', { class: 'hint', text: options.hint }) : null, error);
  let parsed: FigureParse | null = null;

  function reparse(): void {
    const text = input.value;
    parsed = text.trim() === '' ? null : parseFigure(text);
    read.dataset.state = parsed === null ? 'empty' : parsed.ok ? 'ok' : 'refused';
    if (parsed === null) setText(read, '');
    else if (!parsed.ok) setText(read, parsed.message);
    else {
      const notes = [parsed.qualifier ? t('console.readApproximate', { qualifier: parsed.qualifier }) : '', parsed.precision > 1 ? t('console.readRounded', { unit: formatCount(parsed.precision) }) : ''].filter(Boolean);
      const value = formatCount(parsed.value);
      setText(read, notes.length ? t('console.readAsNoted', { value, notes: intl().formatList(notes, { type: 'unit' }) }) : t('console.readAs', { value }));
    }
  }
  input.addEventListener('input', reparse);

  return {
    element,
    input,
    name: options.name,
    /** The parse of what is typed; null when empty. */
    get parsed(): FigureParse | null {
      return parsed;
    },
    setValue(text: string): void {
      input.value = text;
      reparse();
    },
    /** Shows (or clears, with []) the problems the preview or the server found with this field. */
    setErrors(messages: string[]): void {
      setText(error, messages.join(' '));
      input.setAttribute('aria-invalid', String(messages.length > 0 || parsed?.ok === false));
    },
  };
}

export type FigureField = ReturnType<typeof createFigureField>;
