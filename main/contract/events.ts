// The one map of events the core pushes to every UI. Each domain owns a file and is spread in here.
import type { z } from 'zod';
import { appEvents } from './app.ts';
import { hostsEvents } from './hosts.ts';
import { campaignsEvents } from './campaigns.ts';
import { resultsEvents } from './results.ts';

export const events = {
  ...appEvents,
  ...hostsEvents,
  ...campaignsEvents,
  ...resultsEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.infer<Events[N]>;
export type EventMessage = { [N in EventName]: { name: N; payload: EventPayload<N> } }[EventName];

export const eventNames = Object.keys(events) as EventName[];

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}
