/** How a stub's call ended: its value, or what it threw or rejected with. */
export type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * The result of one stub call, which may arrive later than the call itself (a stub that returns
 * a promise). The first settlement wins. Listeners run synchronously when it is known.
 */
export class Outcome {
  #settled: Settled | undefined = undefined;
  #listeners: Array<(settled: Settled) => void> | undefined = undefined;

  /** The outcome, or undefined while the stub has not finished. */
  get settled(): Settled | undefined {
    return this.#settled;
  }

  settle(settled: Settled): void {
    if (this.#settled !== undefined) return;
    this.#settled = settled;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener(settled);
  }

  /** Calls `listener` with the outcome: at once if known, else when the stub finishes. */
  whenSettled(listener: (settled: Settled) => void): void {
    if (this.#settled !== undefined) listener(this.#settled);
    else (this.#listeners ??= []).push(listener);
  }
}
