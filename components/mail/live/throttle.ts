/**
 * Runs `run` at once, then at most once per `ms` while calls keep coming (the last call is never dropped):
 * an import writes many events a second, and each would otherwise refetch the list.
 */
export function throttle(run: () => void, ms: number): { call: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending = false;
  const tick = () => {
    if (!pending) {
      timer = undefined;
      return;
    }
    pending = false;
    run();
    timer = setTimeout(tick, ms);
  };
  return {
    call: () => {
      if (timer) {
        pending = true;
        return;
      }
      run();
      timer = setTimeout(tick, ms);
    },
    cancel: () => {
      clearTimeout(timer);
      timer = undefined;
      pending = false;
    },
  };
}
