"""The exercise checkers (labkit._checkers, notebook 09): right answers pass, blanks say
"not done yet", and each typical wrong answer fails with the hint that names its mistake."""

from __future__ import annotations

import socket
import struct

import pytest

import labkit
from labkit import _framing
from labkit._checkers import EXERCISES, CheckResult, _is_blank
from labkit._handlers import echo_handler, upper_handler


def check(name, func) -> CheckResult:
    result = labkit.check_exercise(name, func)
    assert isinstance(result, CheckResult)
    return result


def assert_fails(result: CheckResult, *fragments: str) -> None:
    assert result.status == "fail", str(result)
    assert not result.passed
    for fragment in fragments:
        assert fragment in result.message, str(result)


# ------------------------------------------------------------------ blanks
def blank_dots(client, addr):
    ...  # TODO


def blank_raise(client, addr):
    """Send back everything."""
    raise NotImplementedError  # TODO


def blank_pass(sock):
    pass


def blank_return():
    return None


@pytest.mark.parametrize("func", [blank_dots, blank_raise, blank_pass, blank_return])
def test_blank_bodies_are_recognised(func):
    assert _is_blank(func)


def test_a_real_body_is_not_blank():
    def echo(client, addr):
        client.sendall(client.recv(10))

    assert not _is_blank(echo)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_blank_exercise_is_not_done_yet_and_does_not_raise(name):
    result = check(name, blank_raise)
    assert result.status == "todo"
    assert str(result).startswith("NOT DONE YET")
    assert "blank_raise()" in result.message


def test_raising_not_implemented_after_some_code_is_also_not_done_yet():
    def my_echo(client, addr):
        data = client.recv(10)  # started, then gave up
        raise NotImplementedError(data)

    assert check("echo", my_echo).status == "todo"


def test_none_is_not_done_yet_and_a_called_function_is_explained():
    assert check("echo", None).status == "todo"
    result = check("echo", "b'hello'")
    assert_fails(result, "without ()")


def test_unknown_exercise_names_the_allowed_ones():
    with pytest.raises(ValueError, match="echo, client, upper, send_msg, recv_msg"):
        labkit.check_exercise("eco", blank_dots)


def test_hints_follow_the_notebook_language():
    labkit.set_language("ja")

    def my_echo(client, addr):
        client.recv(4096)  # forgets to send anything back

    result = check("echo", my_echo)
    assert str(result).startswith("もう一息  echo:")
    assert "sendall" in result.message and "応答が b''" in result.message
    assert str(check("echo", blank_dots)).startswith("未回答")


# ------------------------------------------------------------------ echo
def right_echo(client, addr):
    while True:
        data = client.recv(4096)
        if not data:
            break
        client.sendall(data)


def test_echo_passes_right_answers():
    result = check("echo", right_echo)
    assert result.passed and bool(result)
    assert str(result).startswith("PASS  echo:")
    assert "60,012 bytes" in result.message
    assert check("echo", echo_handler()).passed  # the kit's own handler agrees


def test_echo_that_sends_nothing():
    def my_echo(client, addr):
        client.recv(4096)

    assert_fails(check("echo", my_echo), "replied b''", "sendall")


def test_echo_that_reads_once():
    def my_echo(client, addr):
        client.sendall(client.recv(4096))

    result = check("echo", my_echo)
    assert_fails(result)
    # Depending on timing the client sees a short reply or a reset: both say "loop".
    assert "loop until recv returns b''" in result.message, str(result)


def test_echo_that_never_stops_after_eof():
    def my_echo(client, addr):
        while True:
            data = client.recv(4096)
            if data == "":  # str, never equal to b""
                break
            client.sendall(data)

    assert_fails(check("echo", my_echo), "kept calling recv", "if not data: break")


def test_echo_that_sends_str():
    def my_echo(client, addr):
        while data := client.recv(4096):
            client.sendall(data.decode())

    assert_fails(check("echo", my_echo), "sent a str", "encode")


def test_echo_that_changes_the_data():
    def my_echo(client, addr):
        while data := client.recv(4096):
            client.sendall(data.strip())

    assert_fails(check("echo", my_echo), "should be b'hello, echo\\n'", "b'hello, echo'")


def test_echo_that_never_closes():
    def my_echo(client, addr):
        while data := client.recv(4096):
            client.sendall(data)
        import time
        time.sleep(labkit._checkers.CHECK_TIMEOUT + 1)

    assert_fails(check("echo", my_echo), "never closed the connection")


def test_echo_that_crashes_is_named():
    def my_echo(client, addr):
        data = client.recv(4096)
        client.sendall(data[100])

    assert_fails(check("echo", my_echo), "IndexError", "my_echo()")


# ------------------------------------------------------------------ client
def right_client(host, port):
    with socket.create_connection((host, port), timeout=5) as sock:
        chunks = []
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def test_client_passes_right_answers():
    assert check("client", right_client).passed

    def with_kit(host, port):
        return labkit.fetch_bytes(host, port)

    assert check("client", with_kit).passed


def test_client_that_reads_once():
    def my_client(host, port):
        with socket.create_connection((host, port)) as sock:
            return sock.recv(4096)

    assert_fails(check("client", my_client), "only the first 20 of", "loop until recv")


def test_client_that_stops_on_a_short_chunk():
    def my_client(host, port):
        data = b""
        with socket.create_connection((host, port)) as sock:
            while True:
                chunk = sock.recv(4096)
                data += chunk
                if len(chunk) < 4096:  # "the last piece is short": not true on TCP
                    return data

    assert_fails(check("client", my_client), "only the first")


def test_client_that_never_leaves_its_loop():
    def my_client(host, port):
        chunks = []
        with socket.create_connection((host, port)) as sock:
            while True:
                chunk = sock.recv(4096)
                if chunk == "":
                    break
                chunks.append(chunk)
                del chunks[100:]  # keep memory small while it spins
        return b"".join(chunks)

    assert_fails(check("client", my_client), "did not return within")


def test_client_that_decodes_or_returns_nothing():
    def decodes(host, port):
        return right_client(host, port).decode()

    def returns_none(host, port):
        right_client(host, port)

    assert_fails(check("client", decodes), "returned a str")
    assert_fails(check("client", returns_none), "returned None")


def test_client_with_a_fixed_port():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]

    def my_client(host, port):
        return right_client("127.0.0.1", dead)

    assert_fails(check("client", my_client), "connection refused", "host and port")


# ------------------------------------------------------------------ upper
def right_upper(client, addr):
    chunks = []
    while data := client.recv(4096):
        chunks.append(data)
    client.sendall(b"".join(chunks).decode("utf-8").upper().encode("utf-8"))


def test_upper_passes_right_answers():
    assert check("upper", right_upper).passed
    assert check("upper", upper_handler()).passed


def test_upper_that_echoes():
    assert_fails(check("upper", right_echo), "not upper-case")


def test_upper_with_bytes_upper():
    def my_upper(client, addr):
        chunks = []
        while data := client.recv(4096):
            chunks.append(data)
        client.sendall(b"".join(chunks).upper())

    assert_fails(check("upper", my_upper), "bytes.upper() changes only ASCII")


def test_upper_decoding_each_piece():
    def my_upper(client, addr):
        while data := client.recv(4096):
            client.sendall(data.decode("utf-8").upper().encode("utf-8"))

    assert_fails(check("upper", my_upper), "UnicodeDecodeError", "decode once")


def test_upper_that_sends_nothing_or_str():
    def silent(client, addr):
        client.recv(4096)

    def sends_str(client, addr):
        client.sendall(client.recv(4096).decode().upper())

    assert_fails(check("upper", silent), "replied b''")
    assert_fails(check("upper", sends_str), "sent a str")


# ------------------------------------------------------------------ send_msg
def right_send_msg(sock, data):
    sock.sendall(struct.pack("!I", len(data)) + data)


def test_send_msg_passes_right_answers():
    assert check("send_msg", right_send_msg).passed
    assert check("send_msg", _framing.send_msg).passed  # agrees with notebook 04's framing

    def to_bytes(sock, data):
        sock.sendall(len(data).to_bytes(4, "big"))
        sock.sendall(data)

    assert check("send_msg", to_bytes).passed


@pytest.mark.parametrize(("fmt", "hint"), [
    ("<I", "big-endian (network byte order)"),
    ("!Q", "you sent 8 bytes"),
    ("!H", "you sent 2 bytes"),
])
def test_send_msg_with_a_wrong_prefix(fmt, hint):
    def my_send_msg(sock, data):
        sock.sendall(struct.pack(fmt, len(data)) + data)

    assert_fails(check("send_msg", my_send_msg), hint)


def test_send_msg_without_prefix_or_without_anything():
    def no_prefix(sock, data):
        sock.sendall(data)

    def nothing(sock, data):
        return data

    assert_fails(check("send_msg", no_prefix), "without its length prefix")
    assert_fails(check("send_msg", nothing), "sent nothing")


def test_send_msg_counting_characters():
    def my_send_msg(sock, data):
        sock.sendall(struct.pack("!I", len(data.decode())) + data)

    assert_fails(check("send_msg", my_send_msg), "count bytes, not characters")


def test_send_msg_skipping_empty_messages():
    def my_send_msg(sock, data):
        if data:
            right_send_msg(sock, data)

    assert_fails(check("send_msg", my_send_msg), "empty message")


def test_send_msg_with_a_text_prefix():
    def my_send_msg(sock, data):
        sock.sendall(f"{len(data)}\n".encode() + data)

    assert_fails(check("send_msg", my_send_msg), "should start b'\\x00\\x00\\x00\\x05hello",
                 "b'5\\nhello")


# ------------------------------------------------------------------ recv_msg
def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def right_recv_msg(sock):
    (size,) = struct.unpack("!I", recv_exactly(sock, 4))
    return recv_exactly(sock, size)


def test_recv_msg_passes_right_answers():
    assert check("recv_msg", right_recv_msg).passed
    assert check("recv_msg", _framing.recv_msg).passed


def test_recv_msg_reading_the_prefix_once():
    def my_recv_msg(sock):
        (size,) = struct.unpack("!I", sock.recv(4))
        return recv_exactly(sock, size)

    assert_fails(check("recv_msg", my_recv_msg), "fewer than 4 bytes", "unpack")


def test_recv_msg_reading_the_data_once():
    def my_recv_msg(sock):
        (size,) = struct.unpack("!I", recv_exactly(sock, 4))
        return sock.recv(size)

    assert_fails(check("recv_msg", my_recv_msg), "message 2", "only 7 of its 15 bytes")


def test_recv_msg_glued():
    def my_recv_msg(sock):
        recv_exactly(sock, 4)
        return sock.recv(65536)

    result = check("recv_msg", my_recv_msg)
    assert_fails(result, "glued on")


def test_recv_msg_little_endian_waits():
    def my_recv_msg(sock):
        (size,) = struct.unpack("<I", recv_exactly(sock, 4))
        return recv_exactly(sock, size)

    assert_fails(check("recv_msg", my_recv_msg), "waited for more bytes", "big-endian")


def test_recv_msg_returning_the_prefix_or_text():
    def with_prefix(sock):
        header = recv_exactly(sock, 4)
        return header + recv_exactly(sock, struct.unpack("!I", header)[0])

    def as_text(sock):
        return right_recv_msg(sock).decode()

    assert_fails(check("recv_msg", with_prefix), "with its 4-byte prefix")
    assert_fails(check("recv_msg", as_text), "returned a str")


# ------------------------------------------------------------------ the notebooks
def _check_outputs(stem: str, lang: str) -> dict[str, str]:
    """Exercise name -> the stored output of its check cell in notebooks/<lang>/<stem>."""
    import re
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parent.parent / "notebooks" / lang / f"{stem}.ipynb"
    nb = nbformat.read(path, as_version=4)
    found = {}
    for cell in nb.cells:
        match = re.search(r'check_exercise\("(\w+)", my_\w+\)', cell.source)
        if cell.cell_type == "code" and match:
            found[match.group(1)] = "".join(  # the CheckResult shown as the cell's value
                o.get("data", {}).get("text/plain", "") for o in cell.outputs)
    return found


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(("notebook", "verdict"), [
    ("09_exercises", {"ja": "未回答", "en": "NOT DONE YET"}),  # blank exercises
    ("10_solutions", {"ja": "合格", "en": "PASS"}),  # every solution passes
])
def test_notebook_checks_every_exercise_with_the_expected_verdict(notebook, verdict, lang):
    outputs = _check_outputs(notebook, lang)
    assert sorted(outputs) == sorted(EXERCISES)
    assert all(text.startswith(verdict[lang]) for text in outputs.values()), outputs
