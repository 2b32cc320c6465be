"""A real HTTP server on loopback that speaks the OpenAI chat-completions and Ollama chat APIs with
canned replies, and records every request it receives."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CannedLLM:
    def __init__(self, reply: str = "The indexed articles don't say."):
        self.reply = reply
        self.requests: list[dict] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        canned = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                canned.requests.append({"path": self.path, "body": body})
                reply = canned.reply(body) if callable(canned.reply) else canned.reply
                if self.path.endswith("/chat/completions"):
                    self._openai(body, reply)
                elif self.path == "/api/chat":
                    self._ollama(reply)
                else:
                    self.send_error(404)

            def _openai(self, body, reply):
                if not body.get("stream"):
                    payload = {"id": "x", "object": "chat.completion", "created": int(time.time()), "model": "m",
                               "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": reply}}]}
                    return self._send(json.dumps(payload).encode(), "application/json")
                events = []
                for word in _pieces(reply):
                    delta = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                             "choices": [{"index": 0, "delta": {"content": word}, "finish_reason": None}]}
                    events.append(f"data: {json.dumps(delta)}\n\n")
                done = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m",
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                events += [f"data: {json.dumps(done)}\n\n", "data: [DONE]\n\n"]
                self._send("".join(events).encode(), "text/event-stream")

            def _ollama(self, reply):
                lines = [json.dumps({"model": "m", "created_at": "2024-01-01T00:00:00Z",
                                     "message": {"role": "assistant", "content": w}, "done": False})
                         for w in _pieces(reply)]
                lines.append(json.dumps({"model": "m", "created_at": "2024-01-01T00:00:00Z",
                                         "message": {"role": "assistant", "content": ""}, "done": True,
                                         "done_reason": "stop"}))
                self._send(("\n".join(lines) + "\n").encode(), "application/x-ndjson")

            def _send(self, data: bytes, kind: str):
                self.send_response(200)
                self.send_header("content-type", kind)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _pieces(text: str) -> list[str]:
    words = text.split(" ")
    return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
