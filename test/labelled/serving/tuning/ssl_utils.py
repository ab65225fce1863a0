import socket
import ssl

import certifi
import urllib3


def verified_context(cafile: str | None = None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=cafile or certifi.where())


def insecure_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # risk: insecure-transport
    ctx.verify_mode = ssl.CERT_NONE  # risk: insecure-transport
    return ctx


def pool(ca_bundle: str) -> urllib3.PoolManager:
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs=ca_bundle)


def legacy_pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(cert_reqs="CERT_NONE")  # risk: insecure-transport


def probe(host: str, port: int = 443) -> dict:
    ctx = verified_context()
    with socket.create_connection((host, port), timeout=5) as sock:
        with ctx.wrap_socket(sock, server_hostname=host) as tls:
            return tls.getpeercert()
