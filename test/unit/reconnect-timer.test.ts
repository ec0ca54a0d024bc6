import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReconnectTimer } from '../../client/sdk/reconnect-timer.ts';

const backoff = { baseMs: 500, capMs: 15_000 };

describe('the SDK reconnect timer (fake clock)', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  /** A timer whose waits are the whole jitter window (random() = 1 - epsilon), so each wait is known. */
  function timer() {
    const connect = vi.fn();
    const reconnect = createReconnectTimer(connect, { backoff, now: () => Date.now(), random: () => 0.999_999 });
    return { connect, reconnect };
  }

  it('waits longer at each attempt, one wait at a time, and connects when the wait ends', () => {
    const { connect, reconnect } = timer();
    expect(reconnect.schedule()).toBe(true);
    expect(reconnect.schedule()).toBe(false);
    expect(reconnect.retryAt).toBe(Date.now() + 499);
    vi.advanceTimersByTime(498);
    expect(connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(connect).toHaveBeenCalledTimes(1);
    expect(reconnect).toMatchObject({ waiting: false, retryAt: null, attempt: 1 });
    reconnect.schedule();
    expect(reconnect.retryAt).toBe(Date.now() + 999);
  });

  it("stretches a shorter wait to a server's retryAfterMs without counting an attempt, and ignores a shorter ask", () => {
    const { connect, reconnect } = timer();
    reconnect.schedule();
    expect(reconnect.atLeast(100)).toBe(false);
    expect(reconnect.atLeast(3_000)).toBe(true);
    expect(reconnect).toMatchObject({ attempt: 0, retryAt: Date.now() + 3_000 });
    vi.advanceTimersByTime(2_999);
    expect(connect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(connect).toHaveBeenCalledTimes(1);
  });

  it('starts again from the first wait after reset, and never connects once stopped', () => {
    const { connect, reconnect } = timer();
    reconnect.schedule();
    reconnect.schedule();
    vi.advanceTimersByTime(499);
    reconnect.schedule();
    reconnect.reset();
    expect(reconnect).toMatchObject({ attempt: 0, waiting: false, retryAt: null });
    reconnect.schedule();
    expect(reconnect.retryAt).toBe(Date.now() + 499);
    reconnect.stop();
    vi.advanceTimersByTime(60_000);
    expect(connect).toHaveBeenCalledTimes(1);
  });
});
