// First draws, one chart a task: charts on screen (or about to be) first, the rest after them, so the page paints the
// charts the user sees while the ones below the fold are still waiting, and no single task blocks the main thread for
// the whole page. Every chart is drawn in the end (scrolling, tests and the bench need them all).

interface Job {
  el: Element;
  draw: () => void;
  near: boolean;
  order: number;
}

const queue: Job[] = [];
let order = 0;
let pending = false;
/** How long a slice may run before yielding to the browser (one chart's first draw usually takes longer alone). */
const SLICE_MS = 8;

const observer =
  typeof IntersectionObserver === 'undefined'
    ? undefined
    : new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            const job = queue.find((j) => j.el === e.target);
            if (job) job.near = e.isIntersecting;
          }
        },
        { rootMargin: '200px 0px' },
      );

function onScreen(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.bottom >= -200 && r.top <= window.innerHeight + 200;
}

// A message port runs the next slice as a new task right away (setTimeout would clamp nested calls to 4 ms).
const channel = typeof MessageChannel === 'undefined' ? undefined : new MessageChannel();
if (channel) channel.port1.onmessage = () => run();

function schedule(): void {
  if (pending || queue.length === 0) return;
  pending = true;
  if (channel) channel.port2.postMessage(0);
  else setTimeout(run, 0);
}

function next(): Job {
  let best = 0;
  for (let i = 1; i < queue.length; i++) {
    const a = queue[i]!;
    const b = queue[best]!;
    if (a.near !== b.near ? a.near : a.order < b.order) best = i;
  }
  const [job] = queue.splice(best, 1);
  observer?.unobserve(job!.el);
  return job!;
}

function run(): void {
  pending = false;
  const start = performance.now();
  do next().draw();
  while (queue.length > 0 && performance.now() - start < SLICE_MS);
  schedule();
}

/** Queues the first draw of the chart in `el`; the returned function takes it out again (unmounted before drawn). */
export function queueFirstDraw(el: Element, draw: () => void): () => void {
  const job: Job = { el, draw, near: onScreen(el), order: order++ };
  queue.push(job);
  observer?.observe(el);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) {
      queue.splice(i, 1);
      observer?.unobserve(el);
    }
  };
}
