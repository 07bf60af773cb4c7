// `npm run bench -- netperf-shaping`: VirtLab's netperf TCP_STREAM between two lab hosts over their plain link
// and over one shaped with tbf to 100 Mbit/s (alternated, several rounds), next to the same command run by hand.
// The paper's check: a 100 Mbit/s link reads 90-100 Mbit/s. A measured rate against a fixed range is a
// measurement, so it lives here and not in the lab suite. Runs on a private lab instance (vc2-, 10.230).
import { runNetperfPair } from '../main/runner/netperf/run.ts';
import { shapeLink, sshArgs, unshapeLink } from '../test/lab/api.ts';
import { run as runTool } from '../test/lab/exec.ts';
import { LAB_INSTANCES } from '../test/lab/instances.ts';
import { labBench } from '../test/main/runner/lab-bench.ts';

const ROUNDS = 5;
const SECONDS = 3;
const RANGE = { low: 90, high: 100 };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(): Promise<object> {
  const lab = await labBench(2, LAB_INSTANCES.shapingBench);
  const [a, b] = [lab.inv.hosts[0]!, lab.inv.hosts[1]!];
  const ssh = async (cmd: string) => (await runTool('ssh', [...sshArgs(lab.inv, a), '--', cmd])).stdout;
  const ours = async () => {
    const r = await runNetperfPair({
      client: await lab.bench(a),
      peer: await lab.bench(b),
      params: { test: 'TCP_STREAM', messageSizes: [], durationSec: SECONDS },
    });
    const m = r.metrics.find((x) => x.name === 'throughput');
    if (!m) throw new Error(`netperf through VirtLab failed: ${r.error ?? 'no throughput'}`);
    return m.value;
  };
  const hand = async () => {
    // netserver by hand on the peer, stopped by its pid; then the command a person would type.
    const pid = Number((await runTool('ssh', [...sshArgs(lab.inv, b), '--', 'netserver -p 24002 -D >/dev/null 2>&1 </dev/null & echo $!'])).stdout.trim());
    try {
      while (!(await runTool('ssh', [...sshArgs(lab.inv, b), '--', "ss -ltnH 'sport = :24002'"])).stdout.trim()) await new Promise((r) => setTimeout(r, 50));
      return Number((await ssh(`netperf -H ${b.address} -p 24002 -t TCP_STREAM -l ${SECONDS} -P 0 -- -o THROUGHPUT`)).trim().split('\n').pop());
    } finally {
      await runTool('ssh', [...sshArgs(lab.inv, b), '--', `kill ${pid}`]);
    }
  };
  const plain = { ours: [] as number[], hand: [] as number[] };
  const shaped = { ours: [] as number[], hand: [] as number[] };
  try {
    for (let i = 0; i < ROUNDS; i++) {
      plain.ours.push(await ours());
      plain.hand.push(await hand());
      await shapeLink(b.name, '100mbit', lab.config);
      try {
        shaped.ours.push(await ours());
        shaped.hand.push(await hand());
      } finally {
        await unshapeLink(b.name, lab.config);
      }
    }
  } finally {
    await lab.close();
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' ');
  console.log(`plain link     VirtLab ${fmt(plain.ours)} Mbit/s; by hand ${fmt(plain.hand)} Mbit/s`);
  console.log(`tbf 100mbit    VirtLab ${fmt(shaped.ours)} Mbit/s; by hand ${fmt(shaped.hand)} Mbit/s`);
  const shapedMedian = median(shaped.ours);
  const inRange = shapedMedian >= RANGE.low && shapedMedian <= RANGE.high;
  console.log(`shaped median ${shapedMedian.toFixed(1)} Mbit/s: ${inRange ? 'within' : 'OUTSIDE'} ${RANGE.low}-${RANGE.high} Mbit/s`);
  return {
    rounds: ROUNDS,
    seconds: SECONDS,
    plainMbit: { virtlab: median(plain.ours), hand: median(plain.hand) },
    shapedMbit: { virtlab: shapedMedian, hand: median(shaped.hand) },
    range: RANGE,
    shapedInRange: inRange,
  };
}
