// .lab/state.json: what the lab made (options, pids, passwords), so `down` removes exactly that.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { paths } from './config.ts';
import type { LabConfig } from './config.ts';
import type { LabForward } from './inventory.ts';
import type { NeighbourChange } from './neighbours.ts';

export interface UserspaceNet {
  host: string;
  via: 'slirp4netns' | 'pasta';
  forwards: LabForward[];
}

export interface LabOptions {
  hosts: number;
  /** Endpoint name -> rate ("100mbit"). */
  shape: Record<string, string>;
  userspaceNet: UserspaceNet[];
}

export interface NodePids {
  sshd?: number;
  init?: number;
  unshare?: number;
  slirp?: number;
}

export interface LabState {
  config: LabConfig;
  options: LabOptions;
  /** Host indexes that exist. */
  hosts: number[];
  /** Network of each host's guest as built ('veth' or the userspace tool). */
  guestNetwork: Record<string, 'veth' | 'slirp4netns' | 'pasta'>;
  pids: Record<string, NodePids>;
  passwords: Record<string, string>;
  /** Rates currently applied by tc, by endpoint name. */
  shaped?: Record<string, string>;
  /** The ARP table limits the lab raised for this instance (test/lab/neighbours.ts), put back when it goes down. */
  neighbours?: NeighbourChange;
}

export function readState(c: LabConfig): LabState | undefined {
  const file = paths(c).state;
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LabState;
}

export function writeJson(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2) + '\n');
  renameSync(`${file}.tmp`, file);
}

export const writeState = (c: LabConfig, s: LabState): void => writeJson(paths(c).state, s);
