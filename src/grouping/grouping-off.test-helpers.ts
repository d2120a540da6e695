/** Test helper: the rules with grouping off, so every notifying event is its own e-mail (the behaviour before storm control). */
import { defaultGrouping } from '../domain/grouping.js';
import { defaultRules } from '../domain/rules.js';
import type { Store } from '../store/ports.js';

/** Stores the default rules with `grouping.by = []`. */
export async function turnGroupingOff(store: Store): Promise<void> {
  await store.settings.putRules({ ...defaultRules(), grouping: { ...defaultGrouping(), by: [] } });
}
