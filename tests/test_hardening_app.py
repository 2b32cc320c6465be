"""Issue 14 #1, #2 and #7 through the real app (``python app.py`` in a subprocess):

- the `index` API indexes uploads and URLs only: a server path, or a forged upload naming a server
  file, is refused; the hidden folder handler refuses too (folders are for the CLI);
- the app answers only to its own host names (DNS rebinding);
- a CLI reindex of the same home while the app runs: the app's next answer sees the new article;
- two different uploads with the same file name are two articles.
"""
import json
from types import SimpleNamespace

import httpx
import pytest

from conftest import ARTICLES, run_cli, start_app

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    home = tmp_path_factory.mktemp("hardening-app") / "home"
    assert run_cli(["index", str(ARTICLES / "harbor-bridge.md")], home).returncode == 0
    process, url = start_app(home)
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    yield SimpleNamespace(url=url, home=home, port=port)
    process.terminate()
    process.wait(timeout=20)


def client(app):
    from gradio_client import Client

    # download_files=False: gradio_client takes any {"path": ...} in a result (a failure entry) for a file
    return Client(app.url, verbose=False, download_files=False)


def call_raw(app, api_name: str, data: list) -> dict:
    """Call an endpoint without gradio_client (which would upload anything that looks like a file)."""
    started = httpx.post(f"{app.url}gradio_api/call/{api_name}", json={"data": data}, timeout=30)
    started.raise_for_status()
    event = started.json()["event_id"]
    with httpx.stream("GET", f"{app.url}gradio_api/call/{api_name}/{event}", timeout=120) as stream:
        lines = list(stream.iter_lines())
    events = [line.split(":", 1)[1].strip() for line in lines if line.startswith("event:")]
    data = [json.loads(line[len("data:"):]) for line in lines if line.startswith("data:")]
    return {"event": events[-1], "data": data[-1]}


def test_index_api_refuses_server_paths(app, tmp_path):
    secret = tmp_path / "private"
    secret.mkdir()
    (secret / "passwords.txt").write_text("Root password\nThe root password of the mail server is hunter2-42.\n")
    result = client(app).predict([str(secret), str(secret / "passwords.txt")], api_name="/index")
    assert result["added"] == 0 and len(result["failed"]) == 2
    assert all("command line" in f["error"] for f in result["failed"])
    forged = call_raw(app, "index", [[{"path": str(secret / "passwords.txt"), "meta": {"_type": "gradio.FileData"}}]])
    assert forged["event"] == "error" or (forged["data"][0]["added"] == 0
                                          and "not a file uploaded" in forged["data"][0]["failed"][0]["error"]), forged
    answer = client(app).predict("What is the root password of the mail server?", api_name="/ask")
    assert "hunter2" not in json.dumps(answer)


def test_index_api_refuses_internal_urls(app):
    result = client(app).predict([f"http://127.0.0.1:{app.port}/"], api_name="/index")
    assert result["added"] == 0 and "refused" in result["failed"][0]["error"]


def test_index_api_takes_uploads_and_same_named_uploads_stay_apart(app, tmp_path):
    from gradio_client import handle_file

    result = client(app).predict([handle_file(str(ARTICLES / "wire.jsonl"))], api_name="/index")
    assert (result["added"], result["failed"]) == (2, [])
    for n, (town, thing) in enumerate([("Ashcombe", "lighthouse"), ("Brindle", "observatory")]):
        folder = tmp_path / str(n)
        folder.mkdir()
        (folder / "note.txt").write_text(f"{town} news\nThe town of {town} opened a new {thing} on Monday.\n")
        result = client(app).predict([handle_file(str(folder / "note.txt"))], api_name="/index")
        assert (result["added"], result["updated"], result["failed"]) == (1, 0, [])
    for town, thing in [("Ashcombe", "lighthouse"), ("Brindle", "observatory")]:
        answer = client(app).predict(f"What did the town of {town} open?", api_name="/ask")
        assert thing in answer["answer"], answer


def test_host_header_must_name_the_app(app):
    assert httpx.get(app.url, headers={"Host": f"127.0.0.1:{app.port}"}, timeout=10).status_code == 200
    assert httpx.get(app.url, headers={"Host": f"localhost:{app.port}"}, timeout=10).status_code == 200
    rebound = httpx.get(f"{app.url}gradio_api/info", headers={"Host": f"attacker.example:{app.port}"}, timeout=10)
    assert rebound.status_code == 400


def test_app_sees_a_cli_reindex(app):
    first = client(app).predict("When did the harbor bridge reopen?", api_name="/ask")
    assert "Harbor Bridge" in first["answer"]
    done = run_cli(["index", str(ARTICLES / "vaccine-trial.txt")], app.home)
    assert done.returncode == 0, done.stderr
    answer = client(app).predict("Which hospital began a malaria vaccine trial?", api_name="/ask")
    assert "Northfield Regional Hospital" in answer["answer"], answer
    again = client(app).predict("When did the harbor bridge reopen?", api_name="/ask")
    assert "Harbor Bridge" in again["answer"]


def test_folder_handler_refuses_without_the_admin_setting(tmp_path):
    pytest.importorskip("gradio")
    from app_handlers import Handlers
    from settings import Settings

    class Recording(Handlers):
        def run_index(self, targets, progress=None, refused=None):
            return targets, refused

    services = SimpleNamespace(settings=Settings(home=tmp_path / "home"))
    targets, refused = Recording(services).index_folder(str(tmp_path))
    assert targets == [] and "command line" in refused[0]
    services.settings = Settings(home=tmp_path / "home", ui={"index_folders": True})
    assert Recording(services).index_folder(str(tmp_path))[0] == [str(tmp_path)]


def test_the_same_file_chosen_twice_in_one_upload_is_indexed_once(tmp_path):
    pytest.importorskip("gradio")
    from app_handlers import save_uploads

    first, again, other = tmp_path / "a" / "ferry.md", tmp_path / "b" / "ferry.md", tmp_path / "c" / "ferry.md"
    for path, text in ((first, "The ferry runs daily."), (again, "The ferry runs daily."), (other, "It stops.")):
        path.parent.mkdir()
        path.write_text(text)
    saved, refused = save_uploads([str(first), str(again), str(other)], tmp_path / "uploads", 10_000)
    assert len(saved) == 2 and refused == []  # same name, other content: kept apart
