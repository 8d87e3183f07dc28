/**
 * Replays every recorded scenario through corsim and compares with what the real browser did, field by
 * field. Fails when agreement drops below the committed floor, when a field disagrees that is not a known
 * mismatch (a regression), and when a known mismatch now agrees (an unexpected pass: update the ledger).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldKey } from 'corsim/scenario';
import { corpusNames, replayCorpus } from './corpus.js';

interface Ledger {
  readonly floor: number;
  readonly known: Readonly<Record<string, string>>;
}
const ledgers = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'expectations.json'), 'utf8')) as Record<string, unknown>)
    .filter(([key]) => !key.startsWith('$')),
) as Record<string, Ledger>;

const corpora = corpusNames();

describe.each(corpora)('replay of the recorded %s corpus', (corpus) => {
  const ledger = ledgers[corpus] ?? { floor: 1, known: {} };

  it('agrees with the browser field by field, except the known mismatches', async () => {
    const { agreement, scenarios, parameterDisagreements } = await replayCorpus(corpus);
    const disagreeing = [...agreement.disagreements.map(fieldKey), ...parameterDisagreements];
    console.info(`[conformance] ${corpus}: ${scenarios} scenarios, agreement ${agreement.share.toFixed(4)} (${agreement.equal}/${agreement.total} fields), ${disagreeing.length} known mismatch(es)`);
    const regressions = [
      ...agreement.disagreements.filter((d) => !(fieldKey(d) in ledger.known))
        .map((d) => `${fieldKey(d)}\n    expected: ${JSON.stringify(d.expected)}\n    actual:   ${JSON.stringify(d.actual)}`),
      ...parameterDisagreements.filter((k) => !(k in ledger.known)),
    ];
    const unexpectedPasses = Object.keys(ledger.known).filter((k) => !disagreeing.includes(k));
    expect(regressions, 'fields that disagree with the browser and are not in expectations.json').toEqual([]);
    expect(unexpectedPasses, 'known mismatches that now agree: remove them from expectations.json').toEqual([]);
    expect(agreement.share).toBeGreaterThanOrEqual(ledger.floor);
  });
});

it('has a ledger for every corpus and a corpus for every ledger', () => {
  expect(corpora.length).toBeGreaterThan(0);
  expect(Object.keys(ledgers).sort()).toEqual(corpora);
});
