// Every lab instance the tests and benches bring up, in one place, so no two share names or an address block.
import { defaultConfig, labInstance, type LabConfig } from './config.ts';

export const LAB_INSTANCES = {
  shared: defaultConfig,
  teardown: labInstance('vt', 214),
  runner: labInstance('vr', 215),
  faults: labInstance('vf', 216),
  sshFaults: labInstance('vs', 218),
  fanoutBench: labInstance('vb', 219),
  runDriver: labInstance('vd', 220),
  mpich: labInstance('vp', 221),
  cancelUnderLoad: labInstance('vc', 222),
  shapingBench: labInstance('vc2', 230),
  resume: labInstance('vu', 228),
  fidelityBench: labInstance('vi', 224),
  adaptive: labInstance('va', 231),
  // bench/adaptive.ts: its own hosts, so it can run while test/main/campaigns/adaptive/rounds.lab.test.ts holds 'va'.
  adaptiveBench: labInstance('vy', 243),
  // Slurm backend tests: munged, slurmctld and one slurmd per host (up to 64 hosts for the Figure 4 sweep).
  slurm: labInstance('vq', 238),
  // The 64-node Figure 4 campaign through Slurm (scripts/lab/slurm-figure4.ts): 64 hosts of its own.
  slurmFigure4: labInstance('yd', 247),
  containers: labInstance('vn', 236),
  estimates: labInstance('ve', 232),
  hpcc: labInstance('vh', 233),
  // The per-run overhead bench (bench/overhead.ts): its own hosts, so no other suite's load lands on its runs.
  overhead: labInstance('vo', 242),
  // Issue 14's faults: VirtLab SIGKILLed 10 times during a campaign (kills), and host faults during runs (hostFaults).
  kills: labInstance('vk', 235),
  hostFaults: labInstance('vg', 241),
  // Two MPI key rings (two campaigns or VirtLab instances) on the same hosts at once (test/main/runner/mpi/key-ring.lab.test.ts).
  mpiKeys: labInstance('ya', 244),
  // Plain-QEMU VMs (main/platforms/qemu/): its own hosts, taps and VM addresses (10.237.x.3).
  vms: labInstance('vm', 237),
  // Bad plain-QEMU inputs refused at the campaign start (no VM boots): hosts of their own, so a VM left by another file cannot clash.
  vmsInputs: labInstance('zb', 251),
  // bench/vms.ts: VM boots timed on hosts no test uses at the same time.
  vmsBench: labInstance('yb', 245),
  // Docker and Charliecloud providers (one dockerd per host: test/lab/docker.ts).
  // Docker, LXC and Charliecloud providers: one dockerd per host (test/lab/docker.ts), LXC on its own instance.
  docker: labInstance('vw', 239),
  lxc: labInstance('vx', 240),
  // A campaign made and run in the UI against provider platforms (test/e2e/acceptance/platforms-campaign.ts): Charliecloud, and a QEMU VM.
  uiCampaign: labInstance('yf', 249),
  // The container acceptance scenario (test/e2e/acceptance/containers-campaign.ts): native vs Podman bridge/slirp4netns,
  // Docker, LXC and Charliecloud on 2 hosts of its own, through the CLI.
  containersAcceptance: labInstance('yc', 246),
  // MPI across containers (the host's mpirun starting each rank through the runtime): NPB EP over 2 hosts.
  mpiContainers: labInstance('za', 250),
} satisfies Record<string, LabConfig>;
