import type { ConnectionStatus } from '../sdk/connection-status.ts';
import { setText } from './dom.ts';
import { formatTime } from './format.ts';
import { t } from './i18n.ts';

/** The words for a connection status, as a reader sees them. */
export function statusLabel(status: ConnectionStatus): string {
  switch (status.state) {
    case 'live':
      return t('conn.live');
    case 'connecting':
      return t('conn.connecting');
    case 'reconnecting':
      return t('conn.reconnecting');
    case 'offline':
      return t('conn.offline', { time: formatTime(status.since) });
  }
}

/**
 * Shows the status in a badge (`<span class="conn">`): the state as `data-state` for styling and
 * tests, the words as text. A badge with role="status" is announced politely by screen readers.
 */
export function renderConnection(badge: HTMLElement, status: ConnectionStatus): void {
  badge.dataset.state = status.state;
  const label = badge.querySelector('.conn-label') ?? badge;
  setText(label, statusLabel(status));
  badge.title = status.state === 'reconnecting' || status.state === 'offline' ? t('conn.lost', { time: formatTime(status.since), reason: status.reason }) : '';
}
