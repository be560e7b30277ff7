import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { throttle } from './throttle';

describe('throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs at once, then once per interval while calls keep coming, never dropping the last one', () => {
    const run = vi.fn();
    const refresh = throttle(run, 500);
    refresh.call();
    expect(run).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 20; i++) refresh.call();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(500);
    expect(run).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(500);
    refresh.call();
    expect(run).toHaveBeenCalledTimes(3);
    refresh.call();
    refresh.cancel();
    vi.advanceTimersByTime(2_000);
    expect(run).toHaveBeenCalledTimes(3);
  });
});
