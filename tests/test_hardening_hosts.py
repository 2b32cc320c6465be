"""Issue 14 #2 (DNS rebinding): the Host header must name the app; IP literals are the app's own origin."""
import pytest

from assistant.host_guard import allowed_host_names, guard_hosts, host_allowed


@pytest.fixture
def client():
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    app = Starlette(routes=[Route("/", lambda request: PlainTextResponse("ok"))])
    assert guard_hosts(app, allowed_host_names("127.0.0.1", "news.example.org,*.corp.example")) == {}
    return TestClient(app)


@pytest.mark.parametrize("host", ["127.0.0.1:7860", "localhost:7860", "LOCALHOST", "[::1]:7860", "192.0.2.7:7860",
                                  "news.example.org", "desk.corp.example:443"])
def test_allowed(client, host):
    assert client.get("/", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["attacker.example:7860", "localhost.attacker.example", "news.example.org.evil",
                                  "corp.example.evil", ""])
def test_refused(client, host):
    assert client.get("/", headers={"host": host}).status_code == 400


def test_wildcard_bind_names_this_machine():
    import socket

    names = allowed_host_names("0.0.0.0")
    assert socket.gethostname().lower() in names and "0.0.0.0" not in names
    assert host_allowed(f"{socket.gethostname()}:7860", names)
