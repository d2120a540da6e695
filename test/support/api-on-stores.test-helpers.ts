/**
 * API tests on both stores: `describeApiOnStores` declares a file's tests once per store
 * implementation, each on a fresh database with the in-process app over it (see
 * `app.test-helpers.ts`), so the files do not repeat the open/build/close hooks.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import type { AppContext } from '../../src/http/context.js';
import type { Store } from '../../src/store/ports.js';
import { storeFactories, type StoreFactory } from '../../src/store/store-factories.test-helpers.js';
import { buildTestApp, type TestApp } from './app.test-helpers.js';

/** When the app and its store are opened: before each test (default) or once for the file's tests. */
export interface ApiTestOptions {
  /** `each`: a fresh database and app per test; `file`: one for all tests of the describe. */
  per?: 'each' | 'file';
  /** Runs on the new store before the app is built (e.g. grouping off). */
  prepare?(store: Store): Promise<void>;
}

/**
 * The app and store of the running API test, for `describeApiOnStores`: it is a `TestApp` (calls
 * go to the current app) and knows its store and the factory that opened it.
 */
export class ApiUnderTest implements TestApp {
  #store: Store | null = null;
  #app: TestApp | null = null;

  constructor(
    readonly factory: StoreFactory,
    private readonly options: ApiTestOptions,
  ) {}

  /** The store under the app. */
  get store(): Store {
    if (this.#store === null) throw new Error('the store is opened in a before hook; use it inside a test');
    return this.#store;
  }

  get app(): FastifyInstance {
    return this.#current().app;
  }

  get context(): AppContext {
    return this.#current().context;
  }

  get adminToken(): string {
    return this.#current().adminToken;
  }

  get logs(): string[] {
    return this.#current().logs;
  }

  call<T = unknown>(method: string, url: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T; raw: string }> {
    return this.#current().call<T>(method, url, body, token);
  }

  /** @internal */
  async open(): Promise<void> {
    this.#store = await this.factory.open();
    await this.options.prepare?.(this.#store);
    this.#app = await buildTestApp(this.#store);
  }

  /** @internal */
  async close(): Promise<void> {
    await this.#app?.app.close();
    this.#app = null;
    this.#store = null;
    await this.factory.cleanup();
  }

  #current(): TestApp {
    if (this.#app === null) throw new Error('the app is built in a before hook; use it inside a test');
    return this.#app;
  }
}

const factories = await storeFactories();

/** Declares `body`'s API tests once per store implementation (`<title> on sqlite|postgres`). */
export function describeApiOnStores(title: string, body: (t: ApiUnderTest) => void): void;
/** The same, with the store prepared or opened once per file (`options`). */
export function describeApiOnStores(title: string, options: ApiTestOptions, body: (t: ApiUnderTest) => void): void;
export function describeApiOnStores(title: string, ...rest: [(t: ApiUnderTest) => void] | [ApiTestOptions, (t: ApiUnderTest) => void]): void {
  const [options, body] = rest.length === 1 ? [{}, rest[0]] : rest;
  describe.each(factories)(`${title} on $name`, (factory) => {
    describe.skipIf(factory.skip !== null)(factory.skip ?? title, () => {
      const t = new ApiUnderTest(factory, options);
      if (options.per === 'file') {
        beforeAll(() => t.open());
        afterAll(() => t.close());
      } else {
        beforeEach(() => t.open());
        afterEach(() => t.close());
      }
      body(t);
    });
  });
}
