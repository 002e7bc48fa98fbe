"""Start a real Streamlit server and a headless Chromium: shared by the e2e tests and the UI bench.

No pytest and no Playwright import at module level, so ``scripts/bench_ui.py``
and ``tests/e2e/conftest.py`` can both use it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_MISSING = (
    "Chromium not found: install Debian's chromium package (apt-get install chromium) "
    "to run the end-to-end tests"
)

#: Flags for a quiet, reproducible headless Chromium in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: The app's run state, as Streamlit marks it on its root element.
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


PLAYWRIGHT_MISSING = "playwright is not installed (pip install -r requirements-dev.txt)"


def chromium_path() -> str | None:
    """Debian's chromium binary, or None (never Playwright's own download)."""
    return shutil.which("chromium")


def browser_missing() -> str | None:
    """Why a browser bench cannot run here (no playwright, no chromium), or None."""
    if importlib.util.find_spec("playwright") is None:
        return PLAYWRIGHT_MISSING
    if chromium_path() is None:
        return CHROMIUM_MISSING
    return None


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium browser from a started ``sync_playwright()``."""
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running ``streamlit run`` subprocess and where to reach it."""

    proc: subprocess.Popen[bytes]
    port: int
    log_path: Path
    _log: Any = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """Everything the server printed so far (stdout and stderr)."""
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server (kill it if it does not exit in ``timeout`` s)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout)
        self._log.close()


def wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Poll ``url``/_stcore/health until it answers "ok"; raise if it never does."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {proc.returncode} before it was up")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # polling interval, not a synchronisation point
    raise TimeoutError(f"{url}/_stcore/health did not answer 'ok' within {timeout:.0f} s")


def start_streamlit(
    script: str | Path = "app.py",
    *,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 60.0,
    log_dir: Path | None = None,
) -> Server:
    """Start ``streamlit run script`` on a free port and wait until it is healthy.

    ``env`` is added to the current environment. The server's output goes to
    a log file (``Server.log()``), which is printed if it fails to start.
    """
    port = free_port()
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="streamlit-log-"))
    log_path = log_dir / f"streamlit-{port}.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed by Server.stop()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
    )
    server = Server(proc, port, log_path, log)
    try:
        wait_healthy(server.url, proc, timeout)
    except Exception:
        server.stop()
        sys.stderr.write(f"--- streamlit log ({log_path}) ---\n{server.log()}\n")
        raise
    return server
