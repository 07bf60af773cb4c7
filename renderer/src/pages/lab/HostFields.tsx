// The connection fields of a host: address, port, user, authentication, jump host, and for a guest its host and kind.
import { GuestTechnology, type HostRecord } from '../../../../main/contract/hosts.ts';
import { NumberField, SelectField, TextField } from '../../components/Field.tsx';
import { issueAt } from '../../components/issues.ts';
import type { FieldIssue } from '../../components/errors.ts';
import type { AuthKind, HostFormState } from './host-form.ts';

const AUTH_OPTIONS: { value: AuthKind; label: string }[] = [
  { value: 'key', label: 'Private key file' },
  { value: 'agent', label: 'SSH agent' },
  { value: 'password', label: 'Password' },
  { value: 'keyboard-interactive', label: 'Keyboard-interactive (password prompt)' },
];

export function HostFields({
  form,
  set,
  issues,
  hosts,
  fixedName,
}: {
  form: HostFormState;
  set(patch: Partial<HostFormState>): void;
  issues: readonly FieldIssue[];
  hosts: readonly HostRecord[];
  fixedName?: boolean;
}) {
  const at = (p: string) => issueAt(issues, p);
  const parents = hosts.filter((h) => !h.guestOf && h.name !== form.name);
  return (
    <>
      <div className="grid-2">
        <TextField
          label="Name"
          value={form.name}
          onChange={(name) => set({ name })}
          error={at('name')}
          autoFocus={!fixedName}
          hint="How scenarios and selectors refer to it (letters, digits, . _ -)."
        />
        <TextField
          label="Address"
          value={form.address}
          onChange={(address) => set({ address })}
          error={at('address')}
          placeholder="node01.cluster or 10.0.0.11"
          hint="DNS name or IP address to connect to."
        />
        <NumberField label="Port" value={form.port} onChange={(port) => set({ port })} error={at('port')} min={1} max={65535} />
        <TextField label="User" value={form.user} onChange={(user) => set({ user })} error={at('user')} />
      </div>
      <div className="grid-2">
        <SelectField label="Authentication" value={form.authKind} onChange={(authKind) => set({ authKind })} options={AUTH_OPTIONS} error={at('auth.kind')} />
        {form.authKind === 'key' && (
          <TextField
            label="Private key path"
            value={form.keyPath}
            onChange={(keyPath) => set({ keyPath })}
            error={at('auth.keyPath') ?? at('auth')}
            placeholder="/home/me/.ssh/id_ed25519"
            hint="Absolute path on the machine running VirtLab."
          />
        )}
        {(form.authKind === 'password' || form.authKind === 'keyboard-interactive') && (
          <TextField
            label="Password"
            type="password"
            value={form.password}
            onChange={(password) => set({ password })}
            error={at('password')}
            hint="Kept in VirtLab's secret store; the host record holds only its name."
          />
        )}
        {form.authKind === 'agent' && <p className="muted field-hint">Uses the agent of the user running VirtLab (SSH_AUTH_SOCK).</p>}
      </div>
      <div className="grid-2">
        <TextField
          label="Jump host(s)"
          value={form.jump}
          onChange={(jump) => set({ jump })}
          error={at('jump')}
          hint={`ProxyJump chain by host name, first hop first${
            hosts.length
              ? ` (known: ${hosts
                  .slice(0, 6)
                  .map((h) => h.name)
                  .join(', ')}${hosts.length > 6 ? ', …' : ''})`
              : ''
          }.`}
        />
        <TextField label="Tags" value={form.tags} onChange={(tags) => set({ tags })} error={at('tags')} hint="Optional, for selectors like @gpu." />
      </div>
      <fieldset>
        <legend>Role</legend>
        <div className="checkbox-row">
          <label className="check">
            <input type="radio" name="role" checked={form.role === 'host'} onChange={() => set({ role: 'host' })} /> Bare-metal host
          </label>
          <label className="check">
            <input
              type="radio"
              name="role"
              checked={form.role === 'guest'}
              onChange={() => set({ role: 'guest', guestOf: form.guestOf || parents[0]?.name || '' })}
            />{' '}
            Guest (VM or container) on a host
          </label>
        </div>
        {form.role === 'guest' && (
          <div className="grid-2" style={{ marginTop: 8 }}>
            <SelectField
              label="Runs on"
              value={form.guestOf}
              onChange={(guestOf) => set({ guestOf })}
              error={at('guestOf')}
              options={parents.length ? parents.map((h) => ({ value: h.name, label: h.name })) : [{ value: '', label: 'add its host first' }]}
            />
            <SelectField
              label="Kind of guest"
              value={form.technology}
              onChange={(technology) => set({ technology })}
              error={at('technology')}
              options={GuestTechnology.options.filter((t) => t !== 'native').map((t) => ({ value: t, label: t }))}
              hint="Declared here; the detected virtualization is compared with it."
            />
          </div>
        )}
      </fieldset>
    </>
  );
}
