// SSH guests someone else made and enrolled (each its own sshd): used as they are, never created or removed here.
import { describeProvider } from '../catalog.ts';
import { asIsProvider } from '../as-is.ts';

export const sshGuestProvider = asIsProvider(describeProvider('ssh-guest')!);
