"""The benchmark's quick mode, run in-process: it must finish, and report no hang,
no lost count and no leak.  Timings are never asserted here (see bench/ for them)."""

from __future__ import annotations

import json

import pytest

from bench.__main__ import main


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    code = main(["--quick", "--out", str(out)])
    return code, json.loads((out / "quick.json").read_text()), (out / "quick.md").read_text()


def test_quick_run_reports_no_hang_no_lost_count_no_leak(quick):
    code, result, _ = quick
    assert result["verdict"] == {"hangs": 0, "lost": 0, "leaks": 0, "ok": True}
    assert code == 0


def test_labserver_bursts_serve_every_client_with_counts_exactly_1_to_n(quick):
    _, result, _ = quick
    lab = [r for r in result["bursts"]["results"] if r["server"] == "LabServer"]
    assert sorted(r["clients"] for r in lab) == [200, 1000]
    for row in lab:
        assert (row["hung"], row["failed"]) == (0, 0)
        assert row["served"] == row["attempted"] and row["counts_exact"]


def test_article_bursts_never_hand_out_a_number_twice(quick):
    _, result, _ = quick
    article = [r for r in result["bursts"]["results"] if r["server"] != "LabServer"]
    assert article and all(r["counts_distinct"] for r in article)
    # Every client is accounted for: served, hung (bounded by the timeout) or failed.
    assert all(r["served"] + r["hung"] + r["failed"] == r["attempted"] for r in article)


def test_start_stop_cycles_leave_nothing_behind(quick):
    _, result, _ = quick
    leaks = result["leaks"]
    assert leaks["wrong_replies"] == 0 and leaks["servers_left_running"] == 0
    assert all(v <= 0 for v in leaks["leaked"].values()), leaks


def test_panel_run_counts_frontend_messages_and_loses_nothing(quick):
    _, result, _ = quick
    panel = result["panel"]
    assert panel["lost"] == 0
    assert panel["frontend_messages_total"] > 0  # the counting comm saw the panel's updates


def test_report_lists_every_target_and_the_machine(quick):
    _, result, text = quick
    assert len(result["targets"]) == 12
    for word in ("LabServer", "ThreadingTCPServer", "stop() p99", "panel attached",
                 "CPUs", "kernel"):
        assert word in text
    assert result["machine"]["cpu_count"] >= 1 and result["machine"]["python"]


def test_rate_targets_are_issue_11s_and_each_is_printed(quick):
    from bench._report import rate_summary

    _, result, text = quick
    rate_rows = [row for row in result["targets"] if "ThreadingTCPServer" in row["target"]
                 or "article loop (b)" in row["target"]]
    assert [row["target"].split(",")[0] for row in rate_rows] == [
        "LabServer >= 0.9x article loop (b)", "LabServer >= 2x ThreadingTCPServer"] * 2
    lines = rate_summary(result)
    assert len(lines) == 2 and all("target >= 0.9x" in line for line in lines)
    assert "| LabServer >= 0.9x article loop (b), article client |" in text
