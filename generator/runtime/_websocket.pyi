# The interface of the package's generated `_websocket.py` (templates/package/_websocket.py.jinja2),
# so that the runtime modules type-check as themselves; the package carries the module itself.
from typing import Final

SUBPROTOCOL: Final[str]
IDENTITY_PATTERN: Final[str]
SERVER_TITLE: Final[str]
CLIENT_TITLE: Final[str]
