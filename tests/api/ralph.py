"""A real Learning Record Store for the tests: Ralph (``ralph-malph`` on PyPI), installed into
its own virtual environment (``.ralph-venv/`` at the repository root, created on first use and
kept between runs), credentials made with ``ralph auth``, served by ``ralph runserver -b fs`` on
a free port, stopped when the session ends.

Ralph 5.1 imports ``requests`` in its auth module without declaring it: it is installed beside.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".ralph-venv"
RALPH = VENV / "bin" / "ralph"
PACKAGES = ["ralph-malph[cli,lrs,backend-fs]", "requests"]
USERNAME, PASSWORD = "academy", "lrs-test-secret-2026"


class RalphUnavailable(RuntimeError):
    pass


@dataclass
class Lrs:
    url: str  # the xAPI base, e.g. http://127.0.0.1:PORT/xAPI
    username: str
    password: str

    def statements(self) -> list[dict]:
        """Every statement the LRS holds (paged through ``more``)."""
        found, url = [], f"{self.url}/statements?limit=500"
        pair = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        while url:
            request = urllib.request.Request(
                url,
                headers={"Authorization": "Basic " + pair, "X-Experience-API-Version": "1.0.3"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                body = json.loads(response.read())
            found.extend(body["statements"])
            more = body.get("more")
            url = (self.url.rsplit("/xAPI", 1)[0] + more) if more else None
        return found


def ensure_installed() -> None:
    if RALPH.exists():
        return
    if VENV.exists():
        shutil.rmtree(VENV)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *PACKAGES],
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(VENV, ignore_errors=True)
        output = getattr(exc, "stderr", "") or ""
        raise RalphUnavailable(f"pip could not install Ralph: {output[-2000:]}") from exc


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(workdir: Path):
    """Install (once), create credentials, start the server; returns (Lrs, process)."""
    ensure_installed()
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(workdir / "app"),
        "RALPH_AUTH_FILE": str(workdir / "auth.json"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "statements"),
    }
    subprocess.run(
        [
            str(RALPH),
            "auth",
            "-u",
            USERNAME,
            "-p",
            PASSWORD,
            "-s",
            "all",
            "-M",
            "mailto:lrs@taawuniya.ma",
            "-w",
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    log = open(workdir / "ralph.log", "w")  # noqa: SIM115 — closed with the process
    process = subprocess.Popen(
        [str(RALPH), "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(port)],
        env=env,
        cwd=workdir,  # its auto-reloader watches the working directory: not the repository
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    lrs = Lrs(f"http://127.0.0.1:{port}/xAPI", USERNAME, PASSWORD)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RalphUnavailable((workdir / "ralph.log").read_text()[-2000:])
        try:
            lrs.statements()
            return lrs, process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RalphUnavailable("Ralph did not answer within 90 s")
