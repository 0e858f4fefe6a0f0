"""This student's port on a shared machine, and whether a server on a port is this student's.

On a single-host JupyterHub (a local-process spawner, The Littlest JupyterHub)
every student's kernel shares the host's ports and its loopback: 127.0.0.1 is
not private, and the article's port 49152 can belong to another student.

``student_port()`` answers "which port is mine?".  It keeps a one-line JSON
record in the user's own Jupyter runtime directory (``tcp-socket-lab.json``),
so that the server notebook, the client notebook in another kernel and the
panel of the same student all find the same port, and no other student does
(each has a runtime directory of their own).  On a single-user machine the
answer is always the article's 49152.

Two students who start at the same moment could both find 49152 free before
either binds it.  So the kernel that picks a port also *claims* it for as long
as it lives: it holds an advisory lock (``flock``) on a file named after the
port in a machine-wide folder of the temporary directory.  The OS drops the
lock when the kernel ends, so a claim never outlives its kernel and needs no
cleaning.  Where there is no ``fcntl`` (Windows, one user per machine) there are
no claims.

``server_owner()`` answers "whose server listens there?": this student's
(same OS user and same Jupyter runtime directory), someone else's, nobody's,
or "unknown" when the OS will not say (macOS lets only root list every
socket).  Callers stay silent on "unknown": a warning must never be a guess.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from pathlib import Path

import psutil
from jupyter_core.paths import jupyter_runtime_dir

from ._i18n import t
from ._ports import free_port, reuse_address
from ._registry import running_servers
from ._states import listening_here
from ._validate import check_host, check_port, is_loopback

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

__all__ = ["FOREIGN", "NOBODY", "OWN", "RECORD_NAME", "UNKNOWN", "ForeignServerError",
           "check_own_server", "is_own_server", "record_path", "server_owner", "student_port"]

RECORD_NAME = "tcp-socket-lab.json"

# What server_owner() answers.
OWN = "own"  # this student's process (same OS user, same Jupyter runtime directory)
FOREIGN = "foreign"  # another user's, or another student's on a shared OS user
NOBODY = "nobody"  # nothing listens on that port
UNKNOWN = "unknown"  # the OS does not let us see who listens (macOS without root)

# The environment that decides where a process's Jupyter runtime directory is
# (jupyter_core.paths), plus the hub's user name: two processes that agree on
# all of them belong to the same student.
_IDENTITY_ENV = ("JUPYTER_RUNTIME_DIR", "JUPYTER_DATA_DIR", "XDG_DATA_HOME", "HOME",
                 "APPDATA", "JUPYTERHUB_USER")
_WILDCARDS = ("0.0.0.0", "::")  # a server bound there also answers on loopback
_TRIES = 20  # ports tried when the preferred one is taken

# A verdict "own" (or "cannot tell") is trusted this long, so a client in a loop
# (03's Connect, a benchmark) asks the OS once a second, not on every call.
_TRUST_SECONDS = 1.0
_trusted: dict[tuple[str, int], float] = {}

# The ports this kernel has claimed: port -> the open file whose lock is the claim.
_claims: dict[int, int] = {}


def record_path() -> Path:
    """The record of this student's port: in the user's own Jupyter runtime directory."""
    return Path(jupyter_runtime_dir()) / RECORD_NAME


def _read_record() -> dict:
    try:
        record = json.loads(record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):  # no record yet, or a damaged one: start afresh
        return {}
    return record if isinstance(record, dict) else {}


def _save(preferred: int, port: int) -> None:
    record = _read_record()
    if record.get(str(preferred)) == port:
        return
    record[str(preferred)] = port
    path = record_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # Write then rename: another kernel of this student never reads half a file.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(record), encoding="utf-8")
    os.replace(tmp, path)


def _family(host: str) -> int:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _is_free(host: str, port: int) -> bool:
    """Whether a server could bind there now (TIME_WAIT leftovers do not count)."""
    with socket.socket(_family(host), socket.SOCK_STREAM) as probe:
        reuse_address(probe)  # the same rule a LabServer binds with
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _claim(port: int) -> bool:
    """Claim ``port`` machine-wide for this kernel's life; False if another live process has.

    With no way to claim (no fcntl, a folder we cannot write), every port counts
    as claimed by us: the answer is then as good as a bind test, never worse.
    """
    if port in _claims or fcntl is None:
        return True
    folder = Path(tempfile.gettempdir()) / "tcp-socket-lab-ports"
    try:
        try:
            folder.mkdir()
            os.chmod(folder, 0o1777)  # every user claims here; only owners delete (sticky)
        except FileExistsError:
            pass
        # Read-only is enough for flock, so a file another user created works too;
        # O_NOFOLLOW: never follow a link someone planted in the shared folder.
        fd = os.open(folder / str(port), os.O_RDONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                     0o644)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held by another live kernel: this student's own one (01 beside 03)?
        holder = _lock_holder(fd)
        os.close(fd)
        return holder is not None and _owner_of(holder) == OWN
    _claims[port] = fd  # kept open: the OS drops the lock when this kernel ends
    return True


def _lock_holder(fd: int) -> int | None:
    """The pid holding the flock on ``fd``'s file, from Linux's /proc/locks; None elsewhere.

    A line reads ``1: FLOCK  ADVISORY  WRITE 4242 00:2f:1234 0 EOF`` (pid, then
    major:minor:inode in hex:hex:decimal); waiters (``->``) are skipped.
    """
    st = os.fstat(fd)
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                if "->" not in fields and "FLOCK" in fields and where in fields:
                    return int(fields[fields.index(where) - 1])
    except (OSError, ValueError):
        pass
    return None


def _identity(env: dict) -> tuple:
    return tuple(env.get(key) for key in _IDENTITY_ENV)


def _owner_of(pid: int | None) -> str:
    if pid is None:  # psutil sees the socket but not its process: another OS user's
        return FOREIGN
    if pid == os.getpid():
        return OWN
    try:
        proc = psutil.Process(pid)
        if proc.username() != psutil.Process().username():
            return FOREIGN
        env = proc.environ()
    except psutil.NoSuchProcess:  # it stopped while we looked
        return NOBODY
    except psutil.AccessDenied:
        return UNKNOWN
    return OWN if _identity(env) == _identity(os.environ) else FOREIGN


def server_owner(port: int, host: str = "127.0.0.1") -> str:
    """Whose server listens on ``host:port``: :data:`OWN`, :data:`FOREIGN`, :data:`NOBODY`
    or :data:`UNKNOWN`.

    *Own* means the same OS user and the same Jupyter runtime directory (the
    environment that decides it, compared with this kernel's), so two students
    of a hub that runs everyone as one OS user are still told apart.
    """
    host = check_host(host, func="is_own_server", refusal="loopback_only")
    host = "127.0.0.1" if host == "localhost" else host  # the OS lists addresses, not names
    port = check_port(port, allow_zero=False)
    try:
        conns = psutil.net_connections(kind="tcp")
    except psutil.AccessDenied:  # macOS: only root may list every socket
        if listening_here(port):
            return OWN
        return NOBODY if _is_free(host, port) else UNKNOWN
    pids = [c.pid for c in conns
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr[1] == port
            and c.laddr[0] in (host, *_WILDCARDS)]
    if not pids:
        return NOBODY
    owners = {_owner_of(pid) for pid in pids}
    for verdict in (FOREIGN, UNKNOWN, OWN):  # one foreign listener is enough to warn
        if verdict in owners:
            return verdict
    return NOBODY


def is_own_server(port: int, host: str = "127.0.0.1") -> bool | None:
    """True: this student's server listens there; False: someone else's does;
    None: nobody listens, or the OS will not say (then say nothing)."""
    owner = server_owner(port, host)
    return {OWN: True, FOREIGN: False}.get(owner)


def student_port(preferred: int = 49152, host: str = "127.0.0.1") -> int:
    """This student's server port: ``preferred`` (the article's 49152) unless another user
    or program holds it.

    The answer is saved in the user's own Jupyter runtime directory, so every
    notebook of the same student (any kernel) gets the same port, and re-running
    the cell changes nothing.  When the port has to move, one sentence in the
    current language says which port and why; otherwise nothing is printed.
    The port is claimed for this kernel's life (see the module docstring), so two
    students starting at once do not both get it.
    """
    host = check_host(host, func="student_port", refusal="loopback_only")
    preferred = check_port(preferred, allow_zero=False)
    recorded = _read_record().get(str(preferred))
    if isinstance(recorded, int) and 0 < recorded < 65536 and _usable(host, recorded, True):
        return recorded
    port = preferred
    if not _usable(host, preferred, False):
        for _ in range(_TRIES):  # bounded: a claimed or just-taken port is tried again
            port = free_port(host, _family(host))
            if _claim(port):
                break
        print(t("student_port_moved", preferred=preferred, port=port))
    _save(preferred, port)
    return port


def _usable(host: str, port: int, recorded: bool) -> bool:
    """Whether this student may serve on ``port``: this student's server listens there, or it
    is free and unclaimed.  The record is in this user's own directory, so a recorded port
    is kept when the OS will not say who listens.  A port claimed by another live kernel of
    this same student (01 open beside 02 or 03) is this student's; another student's claim
    makes it taken.  Where the OS will not say who holds a claim (no /proc/locks), it
    counts as taken: the port then moves, with its sentence, rather than risk another
    student's."""
    if _is_free(host, port):
        return _claim(port)
    return server_owner(port, host) in ((OWN, UNKNOWN) if recorded else (OWN,))


class ForeignServerError(ConnectionError):
    """The server on a loopback port belongs to another user or program, not to this student."""


def check_own_server(host: str, port: int) -> None:
    """Raise :class:`ForeignServerError` if another user's or program's server listens on
    the loopback address ``host:port``; say nothing when nobody listens or the OS will not
    tell.  A reply from such a server would look like one's own: the worst kind of bug.

    Cheap on the common path: a server of this kernel answers at once, and an "own"
    verdict is trusted for a second.
    """
    if not is_loopback(host):  # another computer: the classroom's teacher server
        return
    if any(server.address[1] == port for server in running_servers()):
        return
    key, now = (host, port), time.monotonic()
    if now - _trusted.get(key, -_TRUST_SECONDS) < _TRUST_SECONDS:
        return
    owner = server_owner(port, host)
    if owner == FOREIGN:
        _trusted.pop(key, None)
        raise ForeignServerError(t("foreign_server", host=host, port=port))
    if owner in (OWN, UNKNOWN):
        _trusted[key] = now
