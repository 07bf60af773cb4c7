// Existing SSH guests (made and enrolled by someone else): nothing to set, VirtLab only uses them.
import { z } from 'zod';

export const sshGuestSettings = z.object({}).strict();
export type SshGuestSettings = z.infer<typeof sshGuestSettings>;
