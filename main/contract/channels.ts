// Where each procedure and the event stream travel, per transport. Derived from the maps, never typed by hand.
import type { ProcedureName } from './procedures.ts';

export const IPC_PREFIX = 'virtlab:';
export const IPC_EVENT_CHANNEL = 'virtlab-event';
export const ipcChannel = (name: ProcedureName): string => `${IPC_PREFIX}${name}`;

export const BRIDGE_RPC_PREFIX = '/api/rpc/';
export const BRIDGE_EVENTS_PATH = '/api/events';
export const BRIDGE_TOKEN_HEADER = 'x-virtlab-token';
/** The WebSocket carries the token as a subprotocol, since browsers cannot set headers on it. */
export const BRIDGE_WS_PROTOCOL_PREFIX = 'virtlab.token.';
/** The subprotocol the server selects: a page offers it beside its token, so the token is never echoed back. */
export const BRIDGE_WS_PROTOCOL = 'virtlab.v1';
export const bridgeRpcPath = (name: ProcedureName): string => `${BRIDGE_RPC_PREFIX}${encodeURIComponent(name)}`;
