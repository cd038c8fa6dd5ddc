// Process-lifetime memos owned by the composition root (services.memo), so no module keeps state
// of its own: two apps in one process (tests, the bench) never see each other's entries.

export class Memo {
  readonly #entries = new Map<string, unknown>();

  /** The value under key, made once by make(); callers own the key and its type. */
  get<T>(key: string, make: () => T): T {
    if (!this.#entries.has(key)) this.#entries.set(key, make());
    return this.#entries.get(key) as T;
  }
}
