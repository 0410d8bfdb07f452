// Makes a throwaway PKI with Debian's openssl: a CA, a server certificate for 127.0.0.1 and
// localhost, and a client certificate, all signed by the CA; plus a second CA nobody trusts.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File paths of the certificates and keys made by {@link makeCertificates}. */
export interface TestPki {
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed none of the above. */
  otherCaCert: string;
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Writes a CA, a server and a client certificate (EC P-256, 1 day) into `dir`. */
export function makeCertificates(dir: string): TestPki {
  const p = (name: string) => join(dir, name);
  const ecKey = (name: string) => openssl(dir, 'ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', name);
  for (const ca of ['ca', 'other-ca']) {
    ecKey(`${ca}.key`);
    openssl(dir, 'req', '-x509', '-new', '-key', `${ca}.key`, '-sha256', '-days', '1', '-subj', `/CN=flamewatch test ${ca}`, '-out', `${ca}.pem`);
  }
  writeFileSync(p('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(p('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const leaf of ['server', 'client']) {
    ecKey(`${leaf}.key`);
    openssl(dir, 'req', '-new', '-key', `${leaf}.key`, '-subj', `/CN=flamewatch test ${leaf}`, '-out', `${leaf}.csr`);
    openssl(dir, 'x509', '-req', '-in', `${leaf}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-sha256',
      '-extfile', `${leaf}.ext`, '-out', `${leaf}.pem`);
  }
  return {
    caCert: p('ca.pem'), serverCert: p('server.pem'), serverKey: p('server.key'),
    clientCert: p('client.pem'), clientKey: p('client.key'), otherCaCert: p('other-ca.pem'),
  };
}
