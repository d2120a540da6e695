/**
 * `herald admin rotate-key` on both stores (issue 13 item 3): every secret is re-sealed under
 * the new key; interrupted midway (after some records), every secret still opens with the keys
 * the server would load, and a second run finishes and drops the old key.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../config/config.js';
import { loadMasterKeys, readKeyFile } from '../config/master-key.js';
import { createSecretBox, masterKeyId } from '../config/secret-box.js';
import { storeFactories, type StoreFactory } from '../store/store-factories.test-helpers.js';
import { CliError } from './errors.js';
import { rotateMasterKey } from './rotate-key.js';
import { openAll, sealedValues, seedSecrets } from './rotate-key.test-helpers.js';

class Interrupted extends Error {}

const factories = await storeFactories();

describe.each(factories)('herald admin rotate-key on $name', (factory: StoreFactory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'rotation', () => {
    afterEach(() => factory.cleanup());

    /** The config a rotation runs with: the key file (SQLite) or HERALD_MASTER_KEY=new,old (PostgreSQL). */
    function configFor(dataDir: string, keys: Buffer[] | null): Config {
      return loadConfig({
        HERALD_DATA_DIR: dataDir,
        ...(keys === null ? {} : { HERALD_MASTER_KEY: keys.map((k) => k.toString('base64')).join(',') }),
      });
    }

    it('interrupted midway loses nothing; the next run finishes and the old key is no longer needed', async () => {
      const first = await factory.open();
      const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'herald-rotate-'));
      // SQLite: keys in the key file (the default); PostgreSQL: keys in HERALD_MASTER_KEY.
      const useFile = factory.name === 'sqlite';
      const oldKey = useFile ? (loadMasterKeys(null, dataDir).keys[0] as Buffer) : randomBytes(32);
      const newKey = randomBytes(32);
      const expected = await seedSecrets(first, createSecretBox(oldKey), oldKey);
      if (useFile) await first.close();
      const config = configFor(dataDir, useFile ? null : [newKey, oldKey]);
      const lines: string[] = [];

      // Run 1: interrupted after 6 records (as a crash would: nothing after that point runs).
      const interrupted = rotateMasterKey(
        config,
        {
          out: (line) => lines.push(line),
          onRecord: (done) => {
            if (done === 6) throw new Interrupted('crash');
          },
        },
        () => factory.reopen(),
      );
      await expect(interrupted).rejects.toBeInstanceOf(Interrupted);

      // What a restarted server would load opens every secret; some are new, some still old.
      const serverKeys = useFile ? loadMasterKeys(null, dataDir).keys : (config.masterKeys as Buffer[]);
      expect(serverKeys).toHaveLength(2);
      const midway = createSecretBox(serverKeys);
      const store = await factory.reopen();
      expect(await openAll(store, midway)).toEqual(expected);
      const sealed = [...(await sealedValues(store)).values()];
      const current = sealed.filter((value) => midway.isCurrent(value)).length;
      expect(current).toBeGreaterThan(0);
      expect(current).toBeLessThan(sealed.length);
      if (useFile) {
        expect(masterKeyId(serverKeys[1] as Buffer)).toBe(masterKeyId(oldKey));
        await store.close();
      }

      // Run 2: finishes.
      await expect(rotateMasterKey(config, { out: (line) => lines.push(line) }, () => factory.reopen())).resolves.toBe(0);
      const finalKeys = useFile ? readKeyFile(path.join(dataDir, 'master.key')) : [config.masterKeys?.[0] as Buffer];
      expect(finalKeys).toHaveLength(1);
      expect(masterKeyId(finalKeys[0] as Buffer)).toBe(midway.currentKeyId);
      const after = await factory.reopen();
      const onlyNew = createSecretBox(finalKeys);
      expect(await openAll(after, onlyNew)).toEqual(expected);
      for (const value of (await sealedValues(after)).values()) expect(onlyNew.isCurrent(value)).toBe(true);
      await expect(openAll(after, createSecretBox(oldKey))).rejects.toThrow(/not configured/);
      expect(lines.join('\n')).not.toMatch(/pw \d|smtp password|PRIVATE KEY/);
      expect(lines.at(-1)).toMatch(useFile ? /Removed the old key/ : /HERALD_MASTER_KEY to the new key alone/);
    });

    it('keeps the old keys when a secret opens with none of them', async () => {
      const store = await factory.open();
      const dataDir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'herald-rotate-'));
      const [newKey, oldKey, lostKey] = [randomBytes(32), randomBytes(32), randomBytes(32)];
      await seedSecrets(store, createSecretBox(oldKey), oldKey);
      await store.policies.put({ applicationId: 'lost', name: 'lost', email: { auth: { enabled: true, username: 'u', password: createSecretBox(lostKey).seal('x') } }, rules: {}, createdAt: new Date(), updatedAt: new Date() });
      if (factory.name === 'sqlite') await store.close();
      const config = configFor(dataDir, [newKey, oldKey]);
      await expect(rotateMasterKey(config, { out: () => undefined }, () => factory.reopen())).rejects.toThrow(CliError);
      await expect(rotateMasterKey(config, { out: () => undefined }, () => factory.reopen())).rejects.toThrow(/1 stored secret\(s\) open with none/);
    });
  });
});

describe('herald admin rotate-key with one key in HERALD_MASTER_KEY', () => {
  it('changes nothing and prints a new key and the steps', async () => {
    const lines: string[] = [];
    let opened = false;
    const config = loadConfig({ HERALD_MASTER_KEY: randomBytes(32).toString('base64') });
    const code = await rotateMasterKey(config, { out: (line) => lines.push(line) }, async () => {
      opened = true;
      throw new Error('must not open the store');
    });
    expect(code).toBe(1);
    expect(opened).toBe(false);
    expect(lines.join('\n')).toMatch(/HERALD_MASTER_KEY=<new>,<current>.*[A-Za-z0-9+/]{43}=/s);
  });
});
