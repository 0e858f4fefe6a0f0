"""Tests for labkit._burst: bursts against real servers on loopback.

No assertion depends on timing: how many clients hang against listen(2) varies
from run to run (notebook 05 explains why), so those tests check only what must
hold whatever the timing.
"""

from __future__ import annotations

import socket

import pytest

import labkit
from labkit import BurstResult, ClientResult, burst
from labkit._burst import FAILED, HUNG, SERVED


def test_a_proper_server_serves_every_client_once():
    progress = []
    with labkit.LabServer(port=0) as server:
        result = burst(*server.address, 50, timeout=10, progress=lambda d, n: progress.append(d))
    assert (result.served, result.hung, result.failed) == (50, 0, 0)
    assert result.counts_ok and sorted(result.counts) == list(range(1, 51))
    assert progress == list(range(1, 51))
    assert all(c.reply.startswith(b"Server accessed.(") for c in result.clients)
    assert result.p50 is not None and result.p50 <= result.p99 <= result.latencies[-1]
    assert "50 served, 0 hung" in str(result)
    assert "exactly 1..50" in str(result)
    numbers = result.to_dict()
    assert numbers["served"] == 50 and numbers["counts_ok"] is True
    assert numbers["p50"] == result.p50 and numbers["max"] == result.latencies[-1]


def test_send_reaches_an_echo_server():
    with labkit.LabServer(port=0, handler=labkit.echo_handler(), concurrent=True) as server:
        result = burst(*server.address, 20, timeout=10, send="ping")
    assert result.served == 20
    assert {c.reply for c in result.clients} == {b"ping"}
    assert result.counts == []  # no (N) in the replies


def test_nobody_listening_means_every_client_failed():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: connections are refused
        result = burst("127.0.0.1", port, 5, timeout=2)
    assert (result.served, result.hung, result.failed) == (0, 0, 5)
    assert all(c.error == "ECONNREFUSED" for c in result.clients)
    assert "No client was served" in result.summary()


def test_a_server_that_accepts_but_never_replies_hangs_every_client():
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(128)  # the OS completes the handshake; nobody ever accepts
        result = burst(*silent.getsockname(), 10, timeout=0.3)
    assert (result.served, result.hung, result.failed) == (0, 10, 0)
    assert [c.status for c in result.clients] == [HUNG] * 10


def test_listen_2_burst_accounts_for_every_client():
    # How many hang varies (timing); every client is in exactly one group,
    # and the served ones saw distinct access numbers 1..served.
    with labkit.ArticleServer(backlog=2) as server:
        result = burst(*server.address, 100, timeout=2)
    assert result.served + result.hung + result.failed == 100
    assert result.served >= 1 and result.counts_ok


def test_summary_and_table_speak_japanese():
    labkit.set_language("ja")
    result = BurstResult([ClientResult(0, SERVED, 0.005, b"Server accessed.(1)", 1),
                          ClientResult(1, HUNG, 2.0), ClientResult(2, FAILED, 0.1)],
                         timeout=2.0, counts=[1])
    text = result.summary()
    assert "応答あり 1" in text and "ハング 1" in text and "失敗 1" in text
    table = result.table()
    assert table.splitlines()[0].startswith("待ち時間")
    assert "ハング" in table


def test_percentiles_and_table_counts():
    clients = [ClientResult(i, SERVED, latency=(i + 1) / 100) for i in range(100)]
    result = BurstResult(clients, timeout=2.0)
    assert result.p50 == pytest.approx(0.50)
    assert result.p99 == pytest.approx(0.99)
    assert result.slow == 11  # 0.90 .. 1.00 s
    rows = dict(line.split()[:2] for line in result.table().splitlines()[1:])
    assert rows["0-10"] == "0" and rows["10-100"] == "9" and rows["900-1500"] == "11"
    assert BurstResult([], timeout=1.0).p50 is None


@pytest.mark.parametrize("kwargs, error, word", [
    ({"n": 0}, ValueError, "n=0"),
    ({"n": 10_000}, ValueError, "n=10000"),
    ({"n": "5"}, TypeError, "n must be int"),
    ({"timeout": 0}, ValueError, "timeout"),
    ({"timeout": None}, TypeError, "timeout"),
    ({"port": 0}, ValueError, "port"),
])
def test_bad_arguments(kwargs, error, word):
    args = {"host": "127.0.0.1", "port": 9, "n": 1, **kwargs}
    with pytest.raises(error, match=word):
        burst(args.pop("host"), args.pop("port"), args.pop("n"), **args)


def test_comparison_table_lines_up_in_both_languages():
    served = BurstResult([ClientResult(0, SERVED, 0.02)], timeout=2.0)
    empty = BurstResult([ClientResult(0, HUNG, 2.0)], timeout=2.0)
    text = labkit.burst_comparison({"listen(2)": empty, "backlog 1024": served})
    lines = text.splitlines()
    assert lines[0].split() == ["server", "served", "hung", "failed", "p50", "ms", "p99", "ms"]
    assert lines[1].split() == ["listen(2)", "0", "1", "0", "-", "-"]
    assert lines[2].split() == ["backlog", "1024", "1", "0", "0", "20", "20"]
    assert len({len(line) for line in lines}) == 1
    labkit.set_language("ja")
    ja = labkit.burst_comparison({"遅い・同時": served})
    assert ja.splitlines()[0].startswith("サーバ")
    # CJK characters take two columns: both lines end in the same column
    assert len({labkit._burst._width(line) for line in ja.splitlines()}) == 1
