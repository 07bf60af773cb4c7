// Add many hosts (or their guests) at once: a name range, an address pattern, one connection setup for all.
import { useMemo, useState } from 'react';
import { GuestTechnology, type HostRecord } from '../../../../main/contract/hosts.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { messageOf } from '../../components/errors.ts';
import { NumberField, SelectField, TextField } from '../../components/Field.tsx';
import { Table } from '../../components/Table.tsx';
import { useHosts } from '../../stores/hosts-store.ts';
import { expandBulk, type BulkRow } from './bulk-range.ts';

type Outcome = Record<string, string>;

export function BulkAddDialog({ open, onClose }: { open: boolean; onClose(): void; hosts?: readonly HostRecord[] }) {
  const [names, setNames] = useState('node[01-04]');
  const [address, setAddress] = useState('10.0.0.{n+10}');
  const [port, setPort] = useState<number | ''>(22);
  const [user, setUser] = useState('root');
  const [keyPath, setKeyPath] = useState('');
  const [guestOf, setGuestOf] = useState('');
  const [technology, setTechnology] = useState<GuestTechnology>('lxc');
  const [outcome, setOutcome] = useState<Outcome>({});
  const [busy, setBusy] = useState(false);
  const add = useHosts((s) => s.add);

  const expanded = useMemo((): { rows: BulkRow[]; error?: string } => {
    try {
      return { rows: expandBulk(names, address, guestOf.trim() || undefined) };
    } catch (e) {
      return { rows: [], error: messageOf(e) };
    }
  }, [names, address, guestOf]);

  const addAll = async () => {
    setBusy(true);
    const result: Outcome = {};
    for (const row of expanded.rows) {
      try {
        await add({
          name: row.name,
          address: row.address,
          port: port === '' ? 22 : port,
          user,
          auth: keyPath ? { kind: 'key', keyPath } : { kind: 'agent' },
          ...(row.guestOf ? { guestOf: row.guestOf, technology } : {}),
        });
        result[row.name] = 'added';
      } catch (e) {
        result[row.name] = messageOf(e);
      }
      setOutcome({ ...result });
    }
    setBusy(false);
  };
  const close = () => {
    setOutcome({});
    onClose();
  };
  const done = Object.keys(outcome).length > 0;

  return (
    <Dialog
      open={open}
      wide
      title="Add hosts by range"
      onClose={close}
      actions={
        <>
          <button type="button" onClick={close}>
            {done ? 'Close' : 'Cancel'}
          </button>
          <button type="button" className="primary" disabled={busy || done || expanded.rows.length === 0} onClick={() => void addAll()}>
            Add {expanded.rows.length} host(s)
          </button>
        </>
      }
    >
      <div className="grid-2">
        <TextField
          label="Names"
          value={names}
          onChange={setNames}
          error={expanded.error && !expanded.error.includes('address') ? expanded.error : undefined}
          hint="One range in brackets: node[01-64] gives node01 … node64 (leading zeros kept)."
        />
        <TextField
          label="Address pattern"
          value={address}
          onChange={setAddress}
          error={expanded.error?.includes('address') ? expanded.error : undefined}
          hint="{} = the number as in the name, {n} = plain number, {n+10} = shifted: 10.0.0.{n+10}, node{}.ib"
        />
        <NumberField label="Port" value={port} onChange={setPort} min={1} max={65535} />
        <TextField label="User" value={user} onChange={setUser} />
        <TextField label="Private key path" value={keyPath} onChange={setKeyPath} hint="Empty: use the SSH agent." />
      </div>
      <div className="grid-2">
        <TextField
          label="Guests of (pattern, optional)"
          value={guestOf}
          onChange={setGuestOf}
          hint="For guests: the host each runs on, e.g. node{} for node01-g on node01."
        />
        {guestOf.trim() && (
          <SelectField
            label="Kind of guest"
            value={technology}
            onChange={(t) => setTechnology(t as GuestTechnology)}
            options={GuestTechnology.options.filter((t) => t !== 'native').map((t) => ({ value: t, label: t }))}
          />
        )}
      </div>
      <h3>Preview ({expanded.rows.length})</h3>
      <Table
        caption="Hosts to add"
        rowKey={(r) => r.name}
        rows={expanded.rows.slice(0, 200)}
        testId="bulk-preview"
        columns={[
          { key: 'name', header: 'Name', cell: (r) => r.name },
          { key: 'address', header: 'Address', cell: (r) => r.address },
          { key: 'guestOf', header: 'Guest of', cell: (r) => r.guestOf ?? '—' },
          { key: 'outcome', header: 'Result', cell: (r) => outcome[r.name] ?? '' },
        ]}
      />
      {expanded.rows.length > 200 && <p className="muted">… and {expanded.rows.length - 200} more.</p>}
    </Dialog>
  );
}
