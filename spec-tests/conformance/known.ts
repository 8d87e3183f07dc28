/**
 * Prints the keys of every field that disagrees with a browser's recordings, for updating expectations.json
 * after a deliberate change:  tsx --conditions=source spec-tests/conformance/known.ts <corpus>  (chromium, v2/firefox, …)
 */
import { fieldKey } from 'corsim/scenario';
import { replayCorpus } from './corpus.js';

const corpus = process.argv[2] ?? 'chromium';
const r = await replayCorpus(corpus);
console.log(`${corpus}: agreement ${r.agreement.share.toFixed(4)} (${r.agreement.equal}/${r.agreement.total})`);
for (const key of [...r.agreement.disagreements.map(fieldKey), ...r.parameterDisagreements]) console.log(key);
