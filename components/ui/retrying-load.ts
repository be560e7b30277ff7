/**
 * A module loaded once and kept, for code split off the first load and fetched on use (or ahead of it). A load
 * that fails (a chunk the network dropped, a deploy that replaced it) is not kept: the next call tries again.
 */
export function retryingLoad<T>(load: () => Promise<T>) {
  let pending: Promise<T> | null = null;
  let loaded: T | null = null;
  return {
    /** The module, once a load has succeeded (to render it within the event that asks for it). */
    ready: (): T | null => loaded,
    load: (): Promise<T> => {
      pending ??= load().then(
        (module) => {
          loaded = module;
          return module;
        },
        (error: unknown) => {
          pending = null;
          throw error;
        },
      );
      return pending;
    },
  };
}
