/**
 * The harness of the store contract suite (`*.contract.test.ts` in this folder, one file per
 * repository): each file's tests run against SQLite and PostgreSQL alike (see
 * `../test-support.ts`), each test on a fresh, empty database.
 */
import { afterEach, beforeEach, describe } from 'vitest';
import type { Store } from '../ports.js';
import { storeFactories, type StoreFactory } from '../store-factories.test-helpers.js';

const factories = await storeFactories();

/** The store a contract test runs against, and the factory that opened it. */
export class StoreUnderTest {
  #store: Store | null = null;

  constructor(readonly factory: StoreFactory) {}

  /** The store of the running test (opened in `beforeEach`). */
  get store(): Store {
    if (this.#store === null) throw new Error('the store is opened in beforeEach; use it inside a test');
    return this.#store;
  }

  /** @internal */
  async open(): Promise<void> {
    this.#store = await this.factory.open();
  }

  /** @internal */
  async cleanup(): Promise<void> {
    this.#store = null;
    await this.factory.cleanup();
  }
}

/** Declares the contract tests of one repository (`area`) once per store implementation. */
export function describeStoreContract(area: string, body: (t: StoreUnderTest) => void): void {
  describe.each(factories)('$name store', (factory) => {
    describe.skipIf(factory.skip !== null)(factory.skip ?? area, () => {
      const t = new StoreUnderTest(factory);
      beforeEach(() => t.open());
      afterEach(() => t.cleanup());
      body(t);
    });
  });
}
