// Native: the hosts themselves, as they are (the baseline of a comparison).
import { describeProvider } from '../catalog.ts';
import { asIsProvider } from '../as-is.ts';

export const nativeProvider = asIsProvider(describeProvider('native')!);
