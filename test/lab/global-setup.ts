// Vitest global setup for the lab and e2e projects: the lab is up for the whole run, and down after it.
import { defaultConfig, labDown, labUp } from './api.ts';
import { labImage } from './images.ts';
import { dropLease, takeLease } from './lock.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const hosts = Number(process.env.VIRTLAB_LAB_HOSTS ?? '4');
  const t0 = performance.now();
  // Several runs (other suites, other terminals) may share the lab: grow it, never shrink it, and hold a lease.
  takeLease(defaultConfig);
  try {
    await labUp({ hosts, grow: true });
  } catch (err) {
    // Never a silent pass: the runner leaves lab suites out only when told so (VIRTLAB_SKIP_LAB=1, scripts/test.sh).
    throw new Error(`the test lab could not start: ${err instanceof Error ? err.message : String(err)}`);
  }
  console.log(`[lab] ${hosts} hosts + ${hosts} guests up in ${Math.round(performance.now() - t0)} ms`);
  // The benchmark images (containers, VMs): built once on this machine and cached, so no test rebuilds them.
  for (const kind of ['base', 'vm'] as const) {
    const t1 = performance.now();
    const img = await labImage(kind);
    if (!img.reused) console.log(`[lab] built the ${kind} image ${img.path} in ${Math.round((performance.now() - t1) / 1000)} s`);
  }
  return async () => {
    const last = dropLease(defaultConfig);
    if (!last) {
      console.log('[lab] left up: another test run still holds a lease on it');
      return;
    }
    if (process.env.VIRTLAB_LAB_KEEP === '1') {
      console.log('[lab] kept up (VIRTLAB_LAB_KEEP=1); `npm run lab:down` removes it');
      return;
    }
    await labDown();
  };
}
