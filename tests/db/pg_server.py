"""A throw-away PostgreSQL cluster for the database tests (spec 06 §4.6): real server
binaries, never a mock.

`find_binaries()` looks for `initdb`/`pg_ctl` on PATH and under /usr/lib/postgresql/*/bin;
when they are missing and we are root with apt-get, it installs Debian's `postgresql` (under
a file lock, so parallel workers do not run apt at once). `Cluster` runs initdb (trust for
`mesh_test`, plus password roles over TCP for the auth tests) and `pg_ctl start` on a free
port with its socket in the cluster's own directory; as root both run through
`runuser -u postgres --`, since initdb and postgres refuse to run as root.

Roles made for the auth tests (pg_hba lines ahead of initdb's trust lines):
  mesh_scram / scram-pw   scram-sha-256
  mesh_md5   / md5-pw     md5 (password stored as MD5)
  mesh_clear / clear-pw   password (cleartext)
"""

from __future__ import annotations

import fcntl
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import trio

AUTH_ROLES = {
    "mesh_scram": ("scram-pw", "scram-sha-256", "scram-sha-256"),
    "mesh_md5": ("md5-pw", "md5", "md5"),
    "mesh_clear": ("clear-pw", "password", "scram-sha-256"),
}


def _bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(os.path.realpath(found)).parent
    for cand in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(cand, "pg_ctl"), os.X_OK):
            return Path(cand)
    return None


def find_binaries() -> tuple[Path | None, str]:
    """(bin dir, reason when None)."""
    found = _bin_dir()
    if found:
        return found, ""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "no PostgreSQL server binaries (initdb/pg_ctl) and cannot apt-get install"
    with open("/tmp/mesh-pg-apt.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = _bin_dir()
        if found:
            return found, ""
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        cmd = ["apt-get", "install", "-y", "-q", "postgresql"]
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
            r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900)
        found = _bin_dir()
        if found:
            return found, ""
        return None, f"apt-get install postgresql failed: {r.stderr.strip()[-500:]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_self_signed(cert_path: Path, key_path: Path) -> None:
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    os.chmod(key_path, 0o600)


class Cluster:
    def __init__(self, bindir: Path, ssl: bool = False) -> None:
        self.bindir = bindir
        self.ssl = ssl
        self.as_root = os.geteuid() == 0
        self.base = Path(tempfile.mkdtemp(prefix="mesh-pg-"))
        self.data = self.base / "data"
        self.port = 0
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")

    def _run(self, *argv: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / argv[0]), *argv[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            cwd=self.base,
        )

    def start(self) -> None:
        r = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "mesh_test",
            "-E",
            "UTF8",
            "--no-locale",
            "--auth=trust",
            "--no-sync",
        )
        if r.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{r.stdout}\n{r.stderr}")
        hba = self.data / "pg_hba.conf"
        lines = "".join(
            f"host all {role} 127.0.0.1/32 {method}\n"
            for role, (_pw, method, _enc) in AUTH_ROLES.items()
        )
        hba.write_text(lines + hba.read_text())
        with open(self.data / "postgresql.conf", "a") as f:
            f.write("\npassword_encryption = 'scram-sha-256'\ntimezone = 'UTC'\n")
            if self.ssl:
                f.write("ssl = on\n")
        if self.ssl:
            _write_self_signed(self.data / "server.crt", self.data / "server.key")
            if self.as_root:
                for name in ("server.crt", "server.key"):
                    shutil.chown(self.data / name, "postgres", "postgres")
        last = ""
        for _ in range(5):
            self.port = _free_port()
            opts = (
                f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c max_connections=100"
            )
            r = self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-w",
                "-t",
                "60",
                "-l",
                str(self.base / "server.log"),
                "-o",
                opts,
                "start",
            )
            if r.returncode == 0:
                break
            last = r.stdout + r.stderr + self.log()
        else:
            raise RuntimeError(f"pg_ctl start failed:\n{last}")
        statements = []
        for role, (pw, _method, enc) in AUTH_ROLES.items():
            statements.append(f"SET password_encryption = '{enc}'")
            statements.append(f"CREATE ROLE {role} LOGIN PASSWORD '{pw}'")
        run_sql(self.url(), statements)

    def log(self) -> str:
        try:
            return (self.base / "server.log").read_text(errors="replace")
        except OSError:
            return ""

    def url(self, database: str = "postgres", user: str = "mesh_test") -> str:
        return f"postgres://{user}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.port:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


def run_sql(url: str, statements: list[str]) -> list:
    """Runs each statement on one connection with our own client; returns the results."""
    from mesh.runtime.pg.conn import connect
    from mesh.runtime.pg.url import parse_url

    async def go():
        conn = await connect(parse_url(url))
        try:
            return [await conn.run(s) for s in statements]
        finally:
            await conn.close()

    return trio.run(go)


def with_database(url: str, database: str) -> str:
    head, _, tail = url.partition("@")
    hostpart, _, query = tail.partition("?")
    hostpart = hostpart.split("/", 1)[0]
    return f"{head}@{hostpart}/{database}" + (f"?{query}" if query else "")


def create_database(base_url: str) -> str:
    name = "t_" + uuid.uuid4().hex[:16]
    run_sql(base_url, [f"CREATE DATABASE {name}"])
    return with_database(base_url, name)
