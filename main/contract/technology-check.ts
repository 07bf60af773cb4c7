// Declared against detected virtualization, per endpoint: a contradiction is a finding to show, never to hide.
import { z } from 'zod';
import { HostName } from './hosts.ts';
import { procedure } from './procedure.ts';
import { TechnologyId } from './scenarios.ts';

export const TechnologyVerdict = z.object({
  name: HostName,
  /** What the lab says this endpoint is: its platform's technology, else native for a host / its guest kind. */
  declared: TechnologyId.nullable(),
  /** Where the declaration comes from, e.g. `platform kvm (KVM)` or `guest of vl-h01 (lxc)`. */
  declaredBy: z.string(),
  /** What the latest facts snapshot detected, e.g. `container docker`, `VM kvm`, `none`; null when never probed. */
  detected: z.string().nullable(),
  status: z.enum(['agrees', 'contradicts', 'unknown']),
  message: z.string(),
});
export type TechnologyVerdict = z.infer<typeof TechnologyVerdict>;

export const technologyCheckProcedures = {
  'hosts.technologyCheck': procedure(
    z.object({ selector: z.string().optional() }).strict(),
    z.array(TechnologyVerdict),
    "Compare each selected host's declared virtualization with what its latest facts snapshot detected (no connection made).",
  ),
};
