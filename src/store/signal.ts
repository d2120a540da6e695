/**
 * An in-process "the outbox has new work" signal. Stores fire it after a commit that created
 * pending notifications; the worker subscribes and wakes instead of polling. Listeners run
 * synchronously and a throwing listener never reaches the committing caller.
 */
export class QueueSignal {
  readonly #listeners = new Set<() => void>();

  /** Registers a listener; returns its unsubscribe function. */
  on(listener: () => void): () => void {
    // Wrap so the same function may be registered twice and unsubscribed independently.
    const entry = (): void => listener();
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  /** Calls every listener; exceptions are swallowed (a wake-up hint must not fail a commit). */
  emit(): void {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own business; the data is already committed.
      }
    }
  }

  /** Drops every listener (store close). */
  clear(): void {
    this.#listeners.clear();
  }
}
