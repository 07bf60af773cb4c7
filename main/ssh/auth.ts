// Turns an endpoint's auth list into ssh2 auth attempts, resolving secrets late and recording what was tried.
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, KeyboardInteractiveCallback, Prompt } from 'ssh2';
import type { SshAuth } from './endpoint.ts';
import { SshError } from './errors.ts';
import type { SecretReader } from './ports.ts';

export interface AuthPlan {
  handler: AuthHandlerMiddleware;
  /** Method names offered to the server so far, for the failure message. */
  tried: string[];
}

async function secret(secrets: SecretReader | undefined, ref: string, what: string, target: string): Promise<string> {
  const value = secrets ? await secrets.get(ref) : undefined;
  if (value === undefined) throw new SshError('config', `no secret "${ref}" for the ${what} of ${target}`, target);
  return value.reveal();
}

/** Answers every prompt that asks for a password with the password, anything else with an empty string. */
export function answerPasswordPrompts(password: string) {
  return (_name: string, _instructions: string, _lang: string, prompts: Prompt[], finish: KeyboardInteractiveCallback) => {
    finish(prompts.map((p) => (/pass(word|code|phrase)?/i.test(p.prompt) ? password : '')));
  };
}

async function toMethod(auth: SshAuth, user: string, secrets: SecretReader | undefined, target: string): Promise<AnyAuthMethod | undefined> {
  switch (auth.method) {
    case 'publickey': {
      let key: Buffer;
      try {
        key = await readFile(auth.keyPath);
      } catch (e) {
        throw new SshError('config', `cannot read private key ${auth.keyPath} for ${target}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, target);
      }
      const passphrase = auth.passphraseRef ? await secret(secrets, auth.passphraseRef, 'key passphrase', target) : undefined;
      // Parse now: a wrong passphrase or a format ssh2 cannot read is a config problem, not a refused login.
      const parsed = ssh2.utils.parseKey(key, passphrase);
      if (parsed instanceof Error) {
        const why = /passphrase|decrypt|bad/i.test(parsed.message)
          ? passphrase === undefined
            ? 'it is encrypted and no passphrase is configured'
            : 'the passphrase does not decrypt it'
          : parsed.message;
        throw new SshError('config', `cannot use private key ${auth.keyPath} for ${target}: ${why}`, target);
      }
      return passphrase === undefined ? { type: 'publickey', username: user, key } : { type: 'publickey', username: user, key, passphrase };
    }
    case 'agent': {
      const sock = auth.socketPath ?? process.env.SSH_AUTH_SOCK;
      return sock ? { type: 'agent', username: user, agent: sock } : undefined;
    }
    case 'password':
      return { type: 'password', username: user, password: await secret(secrets, auth.passwordRef, 'password', target) };
    case 'keyboard-interactive': {
      const password = await secret(secrets, auth.passwordRef, 'password', target);
      return { type: 'keyboard-interactive', username: user, prompt: answerPasswordPrompts(password) };
    }
  }
}

/** Resolves every method up front (so a missing key file is a clear config error, not an auth failure). */
export async function planAuth(auths: SshAuth[], user: string, secrets: SecretReader | undefined, target: string): Promise<AuthPlan> {
  const methods: Array<{ method: AnyAuthMethod; label: string }> = [];
  for (const a of auths) {
    const m = await toMethod(a, user, secrets, target);
    if (m) methods.push({ method: m, label: a.method === 'publickey' ? `publickey ${a.keyPath}` : a.method });
  }
  if (methods.length === 0) {
    throw new SshError('config', `no usable authentication method for ${target} (configured: ${auths.map((a) => a.method).join(', ') || 'none'})`, target);
  }
  const tried: string[] = [];
  let next = 0;
  const handler: AuthHandlerMiddleware = (methodsLeft, _partial, callback) => {
    // methodsLeft is null on the first call; afterwards skip methods the server no longer accepts.
    while (next < methods.length) {
      const { method, label } = methods[next++]!;
      const wire = method.type === 'agent' ? 'publickey' : method.type;
      if (methodsLeft && !methodsLeft.includes(wire)) continue;
      tried.push(label);
      callback(method);
      return;
    }
    callback(false as unknown as AnyAuthMethod);
  };
  return { handler, tried };
}
