// The options `scenario run` and `campaign resume|cancel` share: what a campaign executes with. Only what the user
// gave is set, so a resume can tell an option given again from one left out.
import type { CampaignOptions } from '../core/run-drivers.ts';
import { takeFlag, takeOption } from './args.ts';

export const CAMPAIGN_OPTIONS_USAGE =
  '[--driver benchmark|command] [--command "<shell line>"] [--known-hosts FILE] [--npb-source TARBALL|URL] [--self-contained] [--poll-ms N]';

/** Takes the campaign options out of args; throws with a one-line message for a bad value. */
export function takeCampaignOptions(args: string[]): CampaignOptions['given'] {
  const driver = takeOption(args, 'driver');
  const command = takeOption(args, 'command');
  const knownHostsPath = takeOption(args, 'known-hosts');
  const npbSource = takeOption(args, 'npb-source');
  const selfContained = takeFlag(args, 'self-contained');
  const pollText = takeOption(args, 'poll-ms');
  const pollMs = pollText === undefined ? undefined : Number(pollText);
  if (pollMs !== undefined && (!Number.isInteger(pollMs) || pollMs <= 0)) throw new Error('--poll-ms takes a positive integer');
  return {
    ...(driver !== undefined ? { driver } : {}),
    ...(command !== undefined ? { command } : {}),
    ...(knownHostsPath !== undefined ? { knownHostsPath } : {}),
    ...(npbSource !== undefined ? { npbSource } : {}),
    ...(selfContained ? { selfContained } : {}),
    ...(pollMs !== undefined ? { pollMs } : {}),
  };
}
