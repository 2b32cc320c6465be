"""Newsdesk's chat window (Gradio). Until the UI lands: print what the index holds."""
from __future__ import annotations

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(["stats"]))
