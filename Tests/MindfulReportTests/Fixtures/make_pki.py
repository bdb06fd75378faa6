#!/usr/bin/env python3
"""Makes a private CA and server certificates for the TLS tests (needs the `cryptography` package).

    make_pki.py DIR

Writes into DIR (PEM):
    ca.pem                the private CA (not in any system store)
    server.pem/.key       for 127.0.0.1 and localhost, signed by the CA, valid now
    wrong-host.pem/.key   for wrong-host.example only, signed by the CA, valid now
    expired.pem/.key      for 127.0.0.1 and localhost, signed by the CA, expired a year ago
    other-ca.pem          another CA that signed nothing the servers use
"""

import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def key():
    return ec.generate_private_key(ec.SECP256R1())


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def pem_key(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def make_ca(name):
    k = key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder()
            .subject_name(subject).issuer_name(subject).public_key(k.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=800)).not_valid_after(now + datetime.timedelta(days=800))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(k.public_key()), critical=False)
            .sign(k, hashes.SHA256()))
    return k, cert


def make_leaf(ca_key, ca_cert, names, ips, not_before, not_after):
    k = key()
    sans = [x509.DNSName(n) for n in names] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, (names or ips)[0])]))
            .issuer_name(ca_cert.subject).public_key(k.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName(sans), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return k, cert


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key, ca_cert = make_ca("mindful-report test CA")
    write(os.path.join(out, "ca.pem"), ca_cert.public_bytes(serialization.Encoding.PEM))
    _, other = make_ca("another test CA")
    write(os.path.join(out, "other-ca.pem"), other.public_bytes(serialization.Encoding.PEM))
    leaves = {
        "server": (["localhost"], ["127.0.0.1"], now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)),
        "wrong-host": (["wrong-host.example"], [], now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)),
        "expired": (["localhost"], ["127.0.0.1"], now - datetime.timedelta(days=400), now - datetime.timedelta(days=365)),
    }
    for name, (names, ips, before, after) in leaves.items():
        k, cert = make_leaf(ca_key, ca_cert, names, ips, before, after)
        write(os.path.join(out, name + ".pem"), cert.public_bytes(serialization.Encoding.PEM))
        write(os.path.join(out, name + ".key"), pem_key(k))


if __name__ == "__main__":
    main()
