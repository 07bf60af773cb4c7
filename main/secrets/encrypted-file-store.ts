// Secrets persisted for headless use, encrypted under a master passphrase the user supplies:
// scrypt derives a 256-bit key, AES-256-GCM encrypts the whole name->value map (names are secret too),
// and the header (format, KDF parameters, salt) is authenticated as associated data, so any change to
// the file or a wrong passphrase fails the GCM tag check. One writer process at a time.
import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Secret, toSecret } from './secret.ts';
import { assertSecretName, SecretStoreError, type SecretStore } from './secret-store.ts';

const FORMAT = 'virtlab-secrets';
const MIN_PASSPHRASE = 8;
/** ~100 ms and 32 MiB on a laptop: expensive enough for guessing, cheap enough per open. */
export const DEFAULT_KDF = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 } as const;
/** What a file may ask for, checked before deriving anything: the header is read before it can be authenticated, so
 * a tampered one could otherwise ask for gigabytes and minutes (N=2^20, r=32 is 4 GiB). At most 128 MiB and 8x the
 * default's work. */
const KDF_MAX_MEMORY = 128 * 1024 * 1024;
const KDF_MAX_WORK = 8 * DEFAULT_KDF.N * DEFAULT_KDF.r * DEFAULT_KDF.p;
/** AES-GCM's full 128-bit tag and 96-bit IV: shorter tags are forgeable, so they are refused, never truncated. */
const TAG_BYTES = 16;
const IV_BYTES = 12;

interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
}
interface FileBody {
  format: typeof FORMAT;
  version: 1;
  kdf: KdfParams;
  cipher: 'aes-256-gcm';
  iv: string;
  tag: string;
  data: string;
}

export interface EncryptedFileStoreOptions {
  path: string;
  passphrase: Secret | string;
  /** Create an empty store when the file does not exist (default false: a missing file is an error). */
  create?: boolean;
  /** For tests only: cheaper scrypt parameters. */
  kdf?: { N: number; r: number; p: number };
}

export interface EncryptedFileStore extends SecretStore {
  readonly path: string;
}

function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCb(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

const aad = (b: Pick<FileBody, 'format' | 'version' | 'kdf' | 'cipher'>): Buffer =>
  Buffer.from(JSON.stringify([b.format, b.version, b.kdf.name, b.kdf.N, b.kdf.r, b.kdf.p, b.kdf.salt, b.cipher]));

function parseBody(text: string, path: string): FileBody {
  let b: FileBody;
  try {
    b = JSON.parse(text) as FileBody;
  } catch {
    throw new SecretStoreError(`${path} is not a VirtLab secrets file`);
  }
  const k = b?.kdf;
  const b64 = (x: unknown, bytes?: number) =>
    typeof x === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(x) && (bytes === undefined || Buffer.from(x, 'base64').byteLength === bytes);
  const ok =
    b?.format === FORMAT &&
    b.version === 1 &&
    b.cipher === 'aes-256-gcm' &&
    k?.name === 'scrypt' &&
    Number.isInteger(k.N) &&
    k.N >= 2 ** 14 &&
    (k.N & (k.N - 1)) === 0 &&
    Number.isInteger(k.r) &&
    k.r >= 1 &&
    Number.isInteger(k.p) &&
    k.p >= 1 &&
    128 * k.N * k.r <= KDF_MAX_MEMORY &&
    k.N * k.r * k.p <= KDF_MAX_WORK &&
    b64(k.salt, 16) &&
    b64(b.iv, IV_BYTES) &&
    b64(b.tag, TAG_BYTES) &&
    b64(b.data);
  if (!ok) throw new SecretStoreError(`${path} is not a supported VirtLab secrets file (format, version or KDF parameters)`);
  return b;
}

export async function openEncryptedFileStore(options: EncryptedFileStoreOptions): Promise<EncryptedFileStore> {
  const { path } = options;
  const passphrase = toSecret(options.passphrase).reveal();
  let existing: string | undefined;
  try {
    existing = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const values = new Map<string, Secret>();
  let kdf: KdfParams;
  let key: Buffer;
  if (existing === undefined) {
    if (!options.create) throw new SecretStoreError(`no secrets file at ${path}`);
    if (passphrase.length < MIN_PASSPHRASE) throw new SecretStoreError(`the master passphrase must have at least ${MIN_PASSPHRASE} characters`);
    kdf = { name: 'scrypt', ...(options.kdf ?? DEFAULT_KDF), salt: randomBytes(16).toString('base64') };
    key = await deriveKey(passphrase, kdf);
  } else {
    const body = parseBody(existing, path);
    kdf = body.kdf;
    key = await deriveKey(passphrase, kdf);
    let plain: Buffer;
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(body.iv, 'base64'), { authTagLength: TAG_BYTES });
      d.setAAD(aad(body));
      d.setAuthTag(Buffer.from(body.tag, 'base64'));
      plain = Buffer.concat([d.update(Buffer.from(body.data, 'base64')), d.final()]);
    } catch {
      throw new SecretStoreError(`cannot open ${path}: wrong master passphrase, or the file was modified`);
    }
    const entries = JSON.parse(plain.toString('utf8')) as Record<string, string>;
    plain.fill(0);
    for (const [name, value] of Object.entries(entries)) values.set(name, new Secret(value));
  }
  let writing: Promise<void> = Promise.resolve();
  const persist = (): Promise<void> => {
    const run = writing.then(async () => {
      const iv = randomBytes(12);
      const head: Pick<FileBody, 'format' | 'version' | 'kdf' | 'cipher'> = { format: FORMAT, version: 1, kdf, cipher: 'aes-256-gcm' };
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(aad(head));
      const plain = Buffer.from(JSON.stringify(Object.fromEntries([...values].map(([k, v]) => [k, v.reveal()]))), 'utf8');
      const data = Buffer.concat([c.update(plain), c.final()]);
      plain.fill(0);
      const body: FileBody = { ...head, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), data: data.toString('base64') };
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
      await writeFile(tmp, `${JSON.stringify(body, null, 1)}\n`, { mode: 0o600 });
      await chmod(tmp, 0o600);
      await rename(tmp, path);
    });
    writing = run.catch(() => undefined);
    return run;
  };
  if (existing === undefined) await persist();

  return {
    kind: 'encrypted-file',
    path,
    get: async (name) => values.get(name),
    async set(name, value) {
      assertSecretName(name);
      values.set(name, toSecret(value));
      await persist();
    },
    async delete(name) {
      if (!values.delete(name)) return false;
      await persist();
      return true;
    },
    list: async () => [...values.keys()].sort(),
  };
}
