// Native hosts have nothing to set: the hosts run the benchmarks as they are.
import { z } from 'zod';

export const nativeSettings = z.object({}).strict();
export type NativeSettings = z.infer<typeof nativeSettings>;
