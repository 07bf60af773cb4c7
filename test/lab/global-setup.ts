// Vitest global setup for the lab and e2e projects: the lab is up for the whole run, and down after it.
import { labDown, labUp } from './api.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const hosts = Number(process.env.VIRTLAB_LAB_HOSTS ?? '4');
  const t0 = performance.now();
  try {
    await labUp({ hosts });
  } catch (err) {
    // Never a silent pass: the runner leaves lab suites out only when told so (VIRTLAB_SKIP_LAB=1, scripts/test.sh).
    throw new Error(`the test lab could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  console.log(`[lab] ${hosts} hosts + ${hosts} guests up in ${Math.round(performance.now() - t0)} ms`);
  return async () => {
    if (process.env.VIRTLAB_LAB_KEEP === '1') {
      console.log('[lab] kept up (VIRTLAB_LAB_KEEP=1); `npm run lab:down` removes it');
      return;
    }
    await labDown();
  };
}
