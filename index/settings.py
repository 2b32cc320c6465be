"""Where ``Settings`` lived before the settings tree: a re-export of the top-level ``settings`` module, kept
for code not yet moved to ``from settings import Settings`` (nothing is defined here)."""
from settings import Settings, get_settings

__all__ = ["Settings", "get_settings"]
