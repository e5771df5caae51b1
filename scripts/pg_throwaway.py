"""Run a command against a throw-away PostgreSQL cluster: initdb in a temporary directory, start it on a free
port on 127.0.0.1, set DATABASE_URL, run the command, stop the cluster and remove the directory.

Usage: python scripts/pg_throwaway.py [--bin DIR] -- COMMAND ...
PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(port: int) -> None:
    """The `zicht` database, for commands that use DATABASE_URL directly (pytest makes its own test database)."""
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=port, user="zicht", dbname="postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE zicht")


def _stop(signum, frame) -> None:
    # A SIGTERM (scripts/test.sh stopping a parallel run) ends the command and still stops and removes the cluster.
    raise SystemExit(128 + signum)


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default="", help="directory with initdb and pg_ctl")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    # Resolve symlinks: /usr/local/bin may link initdb and pg_ctl while the rest stays in /usr/lib/postgresql/N/bin.
    bindir = Path(args.bin) if args.bin else Path(shutil.which("initdb") or "initdb").resolve().parent
    initdb, pg_ctl = str(bindir / "initdb"), str(bindir / "pg_ctl")

    as_user: list[str] = []
    workdir = Path(tempfile.mkdtemp(prefix="zicht-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(workdir, account.pw_uid, account.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    datadir, logfile = workdir / "data", workdir / "server.log"
    port = free_port()
    try:
        subprocess.run([*as_user, initdb, "-D", str(datadir), "-U", "zicht", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"], check=True, stdout=subprocess.DEVNULL)
        options = (f"-p {port} -c listen_addresses=127.0.0.1 -k {workdir} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run([*as_user, pg_ctl, "-D", str(datadir), "-l", str(logfile), "-o", options, "-w", "start"],
                       check=True, stdout=subprocess.DEVNULL)
        create_database(port)
        env = {**os.environ, "DATABASE_URL": f"postgres://zicht@127.0.0.1:{port}/zicht"}
        print(f"PostgreSQL cluster on 127.0.0.1:{port} in {workdir}", flush=True)
        return subprocess.run(command, env=env).returncode
    finally:
        if (datadir / "postmaster.pid").exists():
            subprocess.run([*as_user, pg_ctl, "-D", str(datadir), "-m", "fast", "-w", "stop"],
                           stdout=subprocess.DEVNULL, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
