"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a temp dir, a free port.

Nothing is started by hand and nothing outside the temp dir is touched: `initdb` makes a
fresh cluster, `pg_ctl` runs it on 127.0.0.1 and a private socket dir, and the cluster
is deleted at the end of the session. PostgreSQL refuses to run as root, so under root
(CI containers) the server runs as the ``postgres`` account that Debian's package creates.

Host connections need a password (scram-sha-256), as on a team's real server, so the
role tests check what a role may do after logging in the way an operator does.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from companion.server import free_port


def find_bindir() -> Path | None:
    """The directory with Debian's ``initdb``/``pg_ctl`` (newest major version), or None."""
    env = os.environ.get("OTKLIK_PG_BINDIR")
    if env:
        return Path(env)
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


@dataclass
class PgCluster:
    """One running cluster; ``url()`` gives SQLAlchemy URLs (psycopg driver)."""

    bindir: Path
    root: Path
    port: int
    password: str
    superuser: str = "postgres"

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def sockdir(self) -> Path:
        return self.root / "sock"

    def url(
        self, database: str = "postgres", user: str | None = None, password: str | None = None
    ) -> str:
        user = user or self.superuser
        password = self.password if password is None and user == self.superuser else password
        auth = f"{user}:{password}@" if password else f"{user}@"
        return f"postgresql+psycopg://{auth}127.0.0.1:{self.port}/{database}"

    # -- process control --------------------------------------------------------------
    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> None:
        opts = f"-p {self.port} -k {self.sockdir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.datadir),
            "-o",
            opts,
            "-w",
            "-t",
            "60",
            "-l",
            str(self.root / "server.log"),
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(
            "pg_ctl", "-D", str(self.datadir), "-m", mode, "-w", "-t", "60", "stop", check=False
        )

    def is_running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.datadir), "status", check=False).returncode == 0

    # -- databases ----------------------------------------------------------------------
    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run ``sql`` as the superuser (autocommit: CREATE DATABASE needs it)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.superuser,
            password=self.password,
            dbname=database,
            autocommit=True,
        ) as conn:
            conn.execute(sql)

    def create_database(self) -> str:
        name = f"t_{secrets.token_hex(6)}"
        self.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_cluster() -> PgCluster:
    """initdb + start; raises RuntimeError with the server's words when that fails."""
    bindir = find_bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL's server binaries are not installed (Debian: postgresql)")
    root = Path(tempfile.mkdtemp(prefix="otklik-pg-"))
    password = secrets.token_urlsafe(16)
    cluster = PgCluster(bindir=bindir, root=root, port=free_port(), password=password)
    cluster.sockdir.mkdir()
    pwfile = root / "pwfile"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(cluster.sockdir, "postgres", "postgres")
        shutil.chown(pwfile, "postgres", "postgres")
    os.chmod(root, 0o700)
    try:
        cluster._run(
            "initdb",
            "-D",
            str(cluster.datadir),
            "-U",
            cluster.superuser,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        cluster.start()
    except subprocess.CalledProcessError as exc:
        log = root / "server.log"
        detail = (exc.stderr or "") + (log.read_text() if log.exists() else "")
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"cannot start a throwaway PostgreSQL: {detail.strip()}") from exc
    finally:
        pwfile.unlink(missing_ok=True)
    # pg_ctl -w waits for the socket; a host connection may still lag a moment behind.
    deadline = time.monotonic() + 20
    while True:
        try:
            cluster.execute("SELECT 1")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return cluster


def remove_cluster(cluster: PgCluster) -> None:
    cluster.stop("immediate")
    shutil.rmtree(cluster.root, ignore_errors=True)
