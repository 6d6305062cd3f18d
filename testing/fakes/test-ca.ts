// A throwaway certificate authority and a localhost server certificate signed by it, made with
// the openssl CLI at test time (never committed): Entra fakes must speak HTTPS, because
// @azure/identity and MSAL refuse http authorities.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface TestCa {
  dir: string;
  /** the CA certificate (what clients must trust) */
  caCertPath: string;
  caPem: string;
  serverKeyPem: string;
  serverCertPem: string;
}

export function createTestCa(dir: string): TestCa {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const f = (name: string) => path.join(dir, name);
  const run = (args: string[]) => execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f("ca.key"), "-out", f("ca.pem"), "-days", "2", "-subj", "/CN=Ferry test CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", f("server.key"), "-out", f("server.csr"), "-subj", "/CN=localhost"]);
  const ext = f("server.ext");
  writeFileSync(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n");
  run(["x509", "-req", "-in", f("server.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-CAcreateserial", "-out", f("server.pem"), "-days", "2", "-extfile", ext]);
  return {
    dir,
    caCertPath: f("ca.pem"),
    caPem: readFileSync(f("ca.pem"), "utf8"),
    serverKeyPem: readFileSync(f("server.key"), "utf8"),
    serverCertPem: readFileSync(f("server.pem"), "utf8"),
  };
}
