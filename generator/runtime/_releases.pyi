# The interface of the package's generated `_releases.py` (templates/package/_releases.py.jinja2),
# so that the runtime modules type-check as themselves; the package carries the module itself.
from typing import Final

SUPPORTED: Final[dict[str, str]]
