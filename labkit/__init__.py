"""labkit: run the article's TCP server and client in one Jupyter kernel, safely.

The public names below are the kit's contract; each lives in a private module
that says which notebook teaches it:

- :class:`LabServer` (``_server``): the article's accept loop in a background
  thread (notebooks 01, 03);
- :func:`fetch` (``_client``): the article's client, reading until the server
  closes (notebooks 02, 04);
- :class:`Event` and :class:`ClientStep` (``_events``): what a server and a
  ``fetch(..., trace=...)`` did, for logs and :func:`sequence_diagram` (notebook 08);
- :func:`check_source` (``_source``): the U+00A0 ``SyntaxError`` (notebook 00), and
  :func:`fix_pasted_code` (``_pasted``), its one-call cure for the learner's own cells;
- :func:`lab_panel` (``_panels``): the widget lab (notebook 03);
- :func:`echo_handler` and friends (``_handlers``): ready-made handlers for
  ``LabServer(handler=...)`` (notebooks 04, 05, 06);
- :func:`recv_all`, :func:`send_line`/:class:`LineReader`, :func:`send_msg`/:func:`recv_msg`
  (``_framing``): the cures for a byte stream (notebook 04);
- :func:`burst` (``_burst``): many clients at once, against ``listen(2)`` (notebook 05);
- :func:`check_exercise` (``_checkers``): checks the exercises, with hints (notebooks 09, 10);
- :func:`class_server` (``_classroom``): the teacher's server for the class, on the
  network only with ``allow_remote=True`` (teacher's guide);
- :func:`student_port` and :func:`is_own_server` (``_student``): this student's port on
  a shared machine (a hub), and whose server listens on a port (notebooks 01-03, 07);
- :func:`wait_until`, :func:`wait_for_bytes` (``_waiting``): wait for an event, not for
  time, so a demo shows the same thing on a busy machine (notebooks 04, 07, 08);
- :func:`set_language`: Japanese or English messages.
"""

from ._article import ArticleServer
from ._burst import BurstResult, ClientResult, burst, burst_comparison
from ._checkers import CheckResult, check_exercise
from ._classroom import class_server, lan_addresses
from ._client import DEFAULT_TIMEOUT, fetch, fetch_bytes
from ._diagram import SequenceDiagram, sequence_diagram
from ._events import ClientStep, Event
from ._framing import (
    IncompleteMessageError,
    LineReader,
    MessageTooLongError,
    recv_all,
    recv_exactly,
    recv_line,
    recv_msg,
    send_line,
    send_msg,
)
from ._handlers import (
    chunked_handler,
    echo_handler,
    reply_after_eof_handler,
    reset_handler,
    slow_handler,
    two_messages_handler,
    upper_handler,
)
from ._i18n import get_language, set_language
from ._panels import LabPanel, lab_panel
from ._pasted import fix_pasted_code
from ._ports import PortInUseError, reuse_address
from ._registry import running_servers, stop_all
from ._scan import ScanResult, grab_banner, scan_ports
from ._server import DEFAULT_BACKLOG, LabServer
from ._setup import ServerCheck, SetupReport, check_setup, ensure_server
from ._source import check_notebook, check_source
from ._states import SocketState, SocketStates, quiet_port, socket_states
from ._student import ForeignServerError, is_own_server, student_port
from ._validate import NotLoopbackError, RemoteExposureWarning, is_loopback
from ._waiting import wait_for_bytes, wait_until

__all__ = [
    "ArticleServer",
    "BurstResult",
    "CheckResult",
    "ClientResult",
    "ClientStep",
    "DEFAULT_BACKLOG",
    "DEFAULT_TIMEOUT",
    "Event",
    "ForeignServerError",
    "IncompleteMessageError",
    "LabPanel",
    "LabServer",
    "LineReader",
    "MessageTooLongError",
    "NotLoopbackError",
    "PortInUseError",
    "RemoteExposureWarning",
    "ScanResult",
    "SequenceDiagram",
    "ServerCheck",
    "SetupReport",
    "SocketState",
    "SocketStates",
    "burst",
    "burst_comparison",
    "check_exercise",
    "check_notebook",
    "check_setup",
    "check_source",
    "chunked_handler",
    "class_server",
    "echo_handler",
    "ensure_server",
    "fetch",
    "fetch_bytes",
    "fix_pasted_code",
    "get_language",
    "grab_banner",
    "is_loopback",
    "is_own_server",
    "lab_panel",
    "lan_addresses",
    "quiet_port",
    "recv_all",
    "recv_exactly",
    "recv_line",
    "recv_msg",
    "reply_after_eof_handler",
    "reset_handler",
    "reuse_address",
    "running_servers",
    "scan_ports",
    "send_line",
    "send_msg",
    "sequence_diagram",
    "set_language",
    "slow_handler",
    "socket_states",
    "stop_all",
    "student_port",
    "two_messages_handler",
    "upper_handler",
    "wait_for_bytes",
    "wait_until",
]
