import type { ConnectionStatus } from '../sdk/connection-status.ts';
import { setText } from './dom.ts';
import { formatTime } from './format.ts';

/** The words for a connection status, as a reader sees them. */
export function statusLabel(status: ConnectionStatus): string {
  switch (status.state) {
    case 'live':
      return 'Live';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    case 'offline':
      return `Offline since ${formatTime(status.since)}`;
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
  badge.title = status.state === 'reconnecting' || status.state === 'offline' ? `Connection lost at ${formatTime(status.since)} (${status.reason}); retrying` : '';
}
