import { describe, expect, it, vi } from 'vitest';
import { retryingLoad } from './retrying-load';

describe('retryingLoad', () => {
  it('loads once and keeps the module', async () => {
    const load = vi.fn(async () => ({ name: 'menu' }));
    const module = retryingLoad(load);
    expect(module.ready()).toBeNull();
    const [a, b] = await Promise.all([module.load(), module.load()]);
    expect(a).toBe(b);
    expect(await module.load()).toBe(a);
    expect(module.ready()).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    const load = vi
      .fn<() => Promise<{ name: string }>>()
      .mockRejectedValueOnce(new Error('ChunkLoadError'))
      .mockResolvedValue({ name: 'menu' });
    const module = retryingLoad(load);
    await expect(module.load()).rejects.toThrow('ChunkLoadError');
    expect(module.ready()).toBeNull();
    expect(await module.load()).toEqual({ name: 'menu' });
    expect(module.ready()).toEqual({ name: 'menu' });
    expect(load).toHaveBeenCalledTimes(2);
  });
});
