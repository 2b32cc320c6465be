"""Shared helpers of the scale bench (bench/scale_bench.py): the paths it reads, a `chroma run` server and its
peak RSS, Settings over an index home, and the results file every command appends to (DATA/results.json)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "data" / "multihoprag" / "corpus.json"
EVAL_INDEX = ROOT / "data" / "eval" / "corpus-20b61b5ab84d-240-e128-onnx-int8"


# --- the Chroma server ----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def chroma_server(path: Path):
    """``chroma run`` on ``path``; yields (port, process, seconds until its heartbeat answered)."""
    import httpx  # optional heavy dependency: only server mode polls the heartbeat

    port = free_port()
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    path.mkdir(parents=True, exist_ok=True)
    log = open(path.parent / f"chroma-{port}.log", "w")  # noqa: SIM115  # closed below
    started = time.perf_counter()
    process = subprocess.Popen([chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                raise SystemExit(f"chroma run exited ({process.returncode}); see {log.name}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("chroma run did not answer its heartbeat in 300 s")
            time.sleep(0.2)
        yield port, process, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


def peak_rss_mb(pid: int) -> float:
    """A live process's peak RSS (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def settings_for(home: Path, port: int | None = None):
    from settings import Settings

    settings = Settings(home=home)
    return settings.with_values(store={"chroma_host": "127.0.0.1", "chroma_port": port}) if port else settings


@contextmanager
def no_server():
    yield None


def self_peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save_result(data: Path, key: str, row: dict) -> None:
    path = data / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results[key] = {**row, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    path.write_text(json.dumps(results, indent=1))
