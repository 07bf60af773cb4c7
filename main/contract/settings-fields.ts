// A zod schema (a provider's settings, a module's parameters) read as form fields, through its JSON Schema so the
// form depends on zod's public output and not its internals; the wizard draws them and the CLI reads `--set key=value` by them.
import { z } from 'zod';

interface JsonNode {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonNode>;
  required?: string[];
  items?: JsonNode;
  oneOf?: JsonNode[];
  anyOf?: JsonNode[];
}

interface Common {
  key: string;
  title: string;
  description?: string;
  required: boolean;
  default?: unknown;
}
export type FieldSpec = Common &
  (
    | { kind: 'text' }
    | { kind: 'number'; integer: boolean; min?: number; max?: number }
    | { kind: 'boolean' }
    | { kind: 'enum'; options: string[] }
    | { kind: 'list'; item: 'string' | 'number' }
    | { kind: 'rows'; fields: FieldSpec[] }
    | { kind: 'object'; fields: FieldSpec[] }
    | { kind: 'choice'; discriminator: string; branches: { value: string; fields: FieldSpec[] }[] }
    | { kind: 'json' }
  );

/** Words of settings keys that are names or abbreviations, spelled as their owners spell them. */
const SPELLED: Record<string, string> = {
  cpu: 'CPU',
  cpus: 'CPUs',
  vcpus: 'vCPUs',
  tcg: 'TCG',
  kvm: 'KVM',
  nic: 'NIC',
  iozone: 'IOzone',
  ip: 'IP',
  mpi: 'MPI',
  sha256: 'SHA-256',
  ssh: 'SSH',
};

/** "memoryMiB" -> "Memory MiB", "iozoneWrites" -> "IOzone writes", "allowTcg" -> "Allow TCG": a label when the schema gives no title. */
export function words(key: string): string {
  const parts = key.match(/[A-Z]*[a-z0-9]+(?:[A-Z](?![a-z]))*|[A-Z]+/g) ?? [key];
  // A word with a capital inside (MiB) keeps its case; a known name its spelling; the rest read as a sentence.
  return parts.map((w, i) => SPELLED[w.toLowerCase()] ?? (/.[A-Z]/.test(w) ? w : i === 0 ? w[0]!.toUpperCase() + w.slice(1) : w.toLowerCase())).join(' ');
}

const typeOf = (n: JsonNode): string | undefined => (Array.isArray(n.type) ? n.type.find((t) => t !== 'null') : n.type);

/** The discriminator of a oneOf/anyOf of objects: the property every branch fixes with a const. */
function discriminatorOf(branches: JsonNode[]): string | undefined {
  const first = branches[0]?.properties;
  if (!first) return undefined;
  return Object.keys(first).find((k) => branches.every((b) => b.properties?.[k]?.const !== undefined && typeof b.properties[k]!.const === 'string'));
}

function fieldOf(key: string, n: JsonNode, required: boolean): FieldSpec {
  const common: Common = {
    key,
    title: n.title ?? words(key),
    required,
    ...(n.description ? { description: n.description } : {}),
    ...(n.default !== undefined ? { default: n.default } : {}),
  };
  const branches = n.oneOf ?? n.anyOf;
  if (branches) {
    const disc = discriminatorOf(branches);
    if (disc) {
      return {
        ...common,
        kind: 'choice',
        discriminator: disc,
        branches: branches.map((b) => ({ value: b.properties![disc]!.const as string, fields: fieldsOfObject(b).filter((f) => f.key !== disc) })),
      };
    }
    return { ...common, kind: 'json' };
  }
  if (n.enum && n.enum.every((v) => typeof v === 'string')) return { ...common, kind: 'enum', options: n.enum as string[] };
  switch (typeOf(n)) {
    case 'string':
      return { ...common, kind: 'text' };
    case 'integer':
    case 'number':
      return {
        ...common,
        kind: 'number',
        integer: typeOf(n) === 'integer',
        ...(n.minimum !== undefined ? { min: n.minimum } : {}),
        ...(n.maximum !== undefined ? { max: n.maximum } : {}),
      };
    case 'boolean':
      return { ...common, kind: 'boolean' };
    case 'object':
      return n.properties ? { ...common, kind: 'object', fields: fieldsOfObject(n) } : { ...common, kind: 'json' };
    case 'array': {
      const item = n.items ?? {};
      const t = typeOf(item);
      if ((t === 'string' && !item.enum) || t === 'number' || t === 'integer') return { ...common, kind: 'list', item: t === 'string' ? 'string' : 'number' };
      if (t === 'object' && item.properties) return { ...common, kind: 'rows', fields: fieldsOfObject(item) };
      return { ...common, kind: 'json' };
    }
    default:
      return { ...common, kind: 'json' };
  }
}

function fieldsOfObject(n: JsonNode): FieldSpec[] {
  const required = new Set(n.required ?? []);
  return Object.entries(n.properties ?? {}).map(([k, v]) => fieldOf(k, v, required.has(k) && v.default === undefined));
}

/** The fields of an object schema, in the schema's order. */
export function fieldSpecs(schema: z.ZodType): FieldSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonNode;
  return typeOf(json) === 'object' ? fieldsOfObject(json) : [];
}

/** "1, 2 3" -> [1, 2, 3] for a number list; an item that is not a number stays text so the schema names it. Text items
 * are split at commas, semicolons and line ends only: an item may hold spaces (an OpenSSH key line). */
export function parseListText(text: string, item: 'string' | 'number'): unknown[] {
  if (item === 'string')
    return text
      .split(/[,;\n]+/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
  return text
    .split(/[\s,;]+/)
    .filter((t) => t !== '')
    .map((t) => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t));
}
