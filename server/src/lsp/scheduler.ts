/**
 * Per-document debounce with stale-work cancellation. The delay adapts to what the document
 * costs: a document analysed faster than a keystroke interval is re-analysed on the next turn of
 * the event loop (the user sees the result while typing, and changes that arrived together are
 * analysed once); a slow one waits about one analysis' worth, so a burst of keystrokes costs one
 * analysis instead of queueing several. Each run gets `isCurrent()`: a newer schedule makes the
 * older run stale, and a stale run must not publish.
 */
/** Documents analysed faster than this are re-analysed without waiting. */
const IMMEDIATE_BELOW_MS = 50;

export class Scheduler {
  private readonly pending = new Map<string, { cancel(): void }>();
  private readonly generations = new Map<string, number>();
  private readonly costs = new Map<string, number>();

  constructor(private readonly maxDelayMs = 300) {}

  schedule(key: string, run: (isCurrent: () => boolean) => Promise<void> | void): void {
    this.clearTimer(key);
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const isCurrent = () => this.generations.get(key) === generation;
    const fire = () => {
      this.pending.delete(key);
      if (!isCurrent()) return;
      const started = performance.now();
      Promise.resolve()
        .then(() => run(isCurrent))
        .catch(() => undefined)
        .finally(() => this.costs.set(key, performance.now() - started));
    };
    const cost = this.costs.get(key) ?? 0;
    const delay = cost < IMMEDIATE_BELOW_MS ? 0 : Math.min(this.maxDelayMs, cost);
    if (delay === 0) {
      const handle = setImmediate(fire);
      this.pending.set(key, { cancel: () => clearImmediate(handle) });
    } else {
      const handle = setTimeout(fire, delay);
      this.pending.set(key, { cancel: () => clearTimeout(handle) });
    }
  }

  /** Makes any pending or running work for `key` stale. */
  cancel(key: string): void {
    this.clearTimer(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.costs.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }

  private clearTimer(key: string): void {
    this.pending.get(key)?.cancel();
    this.pending.delete(key);
  }
}
