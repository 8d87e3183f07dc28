/**
 * The robustness fuzz targets (targets.ts) at CI size: over 100 000 cases in all. `scripts/fuzz.ts` runs the same
 * targets with a million cases or more. Replay a failure with the CORSIM_FC_SEED / CORSIM_FC_PATH it prints.
 */
import { afterAll, describe, it } from 'vitest';
import { checkProperty, runsFor } from '../support/fc-params.js';
import { TARGETS, disposeFuzzFixtures } from './targets.js';

afterAll(() => disposeFuzzFixtures());

describe('fuzz: public entry points never crash, refuse bad input clearly, never allow by accident', () => {
  for (const target of TARGETS) {
    it(`${target.name} (${runsFor(target.runs)} cases)`, async () => {
      await checkProperty(target.name, target.property(), { runs: target.runs, ...(target.timeout !== undefined ? { timeout: target.timeout } : {}) });
    }, 300_000);
  }
});
