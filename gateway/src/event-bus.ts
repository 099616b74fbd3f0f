import type { Logger } from 'pino';

type Listener<Args extends unknown[]> = (...args: Args) => void | Promise<void>;

/**
 * A typed in-process event bus (STYLE 8). Listeners are registered with an owner and removed
 * together on the owner's stop; a throwing listener is logged and never breaks the emitter.
 */
export class EventBus<Events extends Record<string, unknown[]>> {
  readonly #listeners = new Map<keyof Events, Array<{ owner: string; fn: Listener<never[]> }>>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  on<Name extends keyof Events>(name: Name, owner: string, fn: Listener<Events[Name]>): void {
    const list = this.#listeners.get(name) ?? [];
    list.push({ owner, fn: fn as unknown as Listener<never[]> });
    this.#listeners.set(name, list);
  }

  removeOwner(owner: string): void {
    for (const [name, list] of this.#listeners) {
      this.#listeners.set(
        name,
        list.filter((entry) => entry.owner !== owner),
      );
    }
  }

  /** Drops every listener (the owner of the bus is stopping). */
  clear(): void {
    this.#listeners.clear();
  }

  emit<Name extends keyof Events>(name: Name, ...args: Events[Name]): void {
    for (const { owner, fn } of this.#listeners.get(name) ?? []) {
      try {
        const result = (fn as unknown as Listener<Events[Name]>)(...args);
        if (result instanceof Promise) {
          result.catch((err: unknown) => this.#log.error({ err, owner, event: name }, `${owner}/${String(name)} failed`));
        }
      } catch (err) {
        this.#log.error({ err, owner, event: name }, `${owner}/${String(name)} failed`);
      }
    }
  }
}
