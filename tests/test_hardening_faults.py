"""Issue 14 #13 and #14: a held lock, a corrupt manifest and a full disk give one clear message and a
non-zero exit, never a traceback; a waiting indexer says whom it waits for and gives up in time."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ARTICLES, run_cli
from index.lock import IndexBusy, index_lock

pytestmark = pytest.mark.slow


def test_waiting_indexer_names_the_holder_and_gives_up(tmp_path):
    home = tmp_path / "home"
    with index_lock(home, "indexing a hung feed", 5):
        done = run_cli(["index", str(ARTICLES / "harbor-bridge.md"), "--json"], home,
                       extra_env={"NEWSDESK_INDEX_LOCK_WAIT_S": "2"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Waiting for another indexer to finish (pid {os.getpid()}" in done.stderr
    assert "indexing a hung feed" in done.stderr and "still running after 2 s" in done.stderr
    assert run_cli(["index", str(ARTICLES / "harbor-bridge.md")], home).returncode == 0  # lock released


def test_lock_in_process_gives_up(tmp_path):
    messages = []
    with index_lock(tmp_path, "first", 1):
        with pytest.raises(IndexBusy, match="first"):
            with index_lock(tmp_path, "second", 0.5, notify=messages.append):
                pass
    assert "pid" in messages[0]


def test_corrupt_manifest_is_a_clear_error(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "manifest.sqlite3").write_bytes(b"this is not a database, it was overwritten " * 200)
    for args in (["index", str(ARTICLES / "harbor-bridge.md"), "--json"], ["stats"],
                 ["ask", "When did the harbor bridge reopen?"]):
        done = run_cli(args, home)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (args, done.stderr)
        assert "manifest" in done.stderr and "damaged" in done.stderr


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder):
    # unbuffered: a buffered file keeps the bytes of the write that hit the limit and raises again on close,
    # depending on how much space the index left (it did once the manifest gained a table)
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass


def test_full_disk_is_a_clear_error_and_the_index_stays(tmp_path, small_disk):
    home = small_disk / "home"
    assert run_cli(["index", str(ARTICLES / "harbor-bridge.md")], home).returncode == 0
    fill(small_disk)
    done = run_cli(["index", str(ARTICLES / "wire.jsonl"), "--json"], home)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    if done.stdout.strip():  # the run got as far as reporting: the failure is per article
        assert json.loads(done.stdout)["failed"]
    else:
        assert "full" in done.stderr
    assert not list(home.glob(".bm25-*"))
    asked = run_cli(["ask", "When did the harbor bridge reopen?", "--json"], home)  # Chroma cannot open
    assert asked.returncode == 1 and "is it full?" in asked.stderr and "Traceback" not in asked.stderr
    (small_disk / "filler").unlink()
    asked = run_cli(["ask", "When did the harbor bridge reopen?", "--json"], home)
    assert asked.returncode == 0 and "Harbor Bridge" in json.loads(asked.stdout)["answer"], asked.stderr
    again = run_cli(["index", str(ARTICLES / "wire.jsonl"), "--json"], home)
    assert again.returncode == 0 and json.loads(again.stdout)["added"] == 2, again.stderr
    shutil.rmtree(home, ignore_errors=True)
