/**
 * A self-signed certificate for TLS tests, made with `openssl` at test time (for localhost,
 * 127.0.0.1 and ::1, as Tremor's tcp-tls integration test makes its own). Without openssl on
 * the machine the TLS tests are skipped, saying why.
 */
import type { Test } from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certs {
  dir: string;
  /** PEM certificate (its own CA) */
  cert: string;
  /** PEM private key, PKCS8 */
  key: string;
  /** the same key in the traditional RSA form ("BEGIN RSA PRIVATE KEY") */
  rsaKey: string;
}

function openssl(args: string[]): boolean {
  try {
    execFileSync('openssl', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** makes the certificate in a temporary folder removed after `t`; null (and `t` skipped) without openssl */
export function selfSigned(t: Test, cn = 'localhost'): Certs | null {
  const dir = mkdtempSync(join(tmpdir(), 'tls-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const c = { dir, cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem'), rsaKey: join(dir, 'rsa.pem') };
  const made =
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn},IP:127.0.0.1,IP:::1`, '-keyout', c.key, '-out', c.cert]) &&
    openssl(['rsa', '-in', c.key, '-traditional', '-out', c.rsaKey]);
  if (!made) {
    t.comment('skipped: openssl is not available to make a test certificate');
    return null;
  }
  return c;
}
