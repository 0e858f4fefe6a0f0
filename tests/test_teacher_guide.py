"""The teacher's guides (docs/teacher-guide.{ja,en}.md) point at cells that exist and do
what the guide says: every link resolves, every cited cell is named by its id
(``cell 13 `01_server_001#server-loop` ``) and the number shown is that cell's position
(tools/build_notebooks.py generates the numbers), the pitfalls table names a reproducing
and a curing cell for each of DESIGN.md's 11 pitfalls (the one known gap is stated in the
guide), and both languages cite the same cells.  When a notebook gains or loses a cell,
a rebuild renumbers the guide and these tests say which citation no longer holds."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from _util import output_text

from tools.build_notebooks import GUIDE_CITE, renumber_guide

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDES = {lang: DOCS / f"teacher-guide.{lang}.md" for lang in ("ja", "en")}
LINK = re.compile(r"\]\(([^)#\s]+)\)")

# What each cell cited in the pitfalls table must contain (the same in ja and en).
SNIPPETS = {
    ("00_setup", "pasted-article-code"): ("client, addr = server.accept()",),
    ("00_setup", "check-source"): ("labkit.check_source(",),
    ("00_setup", "check-notebook"): ("labkit.check_notebook(",),
    ("00_setup", "fix-pasted-code"): ("labkit.fix_pasted_code()",),
    ("00_setup", "pasted-article-loop"): ("client, addr = server.accept()",),
    ("01_server_001", "server-loop"): ("labkit.LabServer(",),
    ("01_server_001", "print-server-log"): ('lab.print_log("print")',),
    ("02_client_002", "ensure-server"): ("labkit.ensure_server(",),
    ("03_one_kernel_lab", "server-print-log"): ("server.print_log()",),
    ("03_one_kernel_lab", "restart-server"): (
        "server = labkit.LabServer(HOST, D_PORT_NO).start()",),
    ("03_one_kernel_lab", "chatty-thread"): ("threading.Thread(target=chatty_server",),
    ("03_one_kernel_lab", "another-cell"): ("ready.set()",),
    ("04_byte_streams", "part-message"): ("labkit.chunked_handler(",),
    ("04_byte_streams", "read-until-closed-loop"): ("while True:",),
    ("04_byte_streams", "glued-messages"): ("labkit.two_messages_handler(",),
    ("04_byte_streams", "recv-all"): ("labkit.recv_all(",),
    ("04_byte_streams", "read-lines"): ("two_messages_handler(\"Hello!\\n\"",),
    ("04_byte_streams", "length-prefix-server"): ("labkit.send_msg(",),
    ("05_backlog_burst", "burst-listen-2"): ("labkit.ArticleServer(backlog=2)",),
    # Two checks on one cell (they were two entries of one key, and the first was lost).
    ("05_backlog_burst", "print-article-result"): (
        "print(article_result)", "article_result.hung > 0"),
    ("05_backlog_burst", "article-accounted"): ("article_result.counts_ok",),
    ("05_backlog_burst", "burst-backlog"): ("labkit.LabServer(port=0)",),
    ("05_backlog_burst", "print-backlog-result"): ("print(backlog_result)",),
    ("05_backlog_burst", "backlog-all-served"): ("backlog_result.served == N",),
    ("05_backlog_burst", "burst-concurrent"): ("labkit.slow_handler(",),
    ("05_backlog_burst", "print-concurrent-result"): ("print(concurrent_result)",),
    ("05_backlog_burst", "concurrent-all-served"): ("concurrent_result.served == N",),
    ("05_backlog_burst", "comparison-table"): ("labkit.burst_comparison(",),
    ("06_errors", "stop-then-connect"): ("server.stop()",),
    ("06_errors", "refused-sentence"): ("labkit.fetch(HOST, PORT)",),
    ("06_errors", "start-server-first"): ("server = labkit.LabServer(HOST, PORT).start()",),
    ("06_errors", "second-bind"): ("second.bind((HOST, PORT))",),
    ("06_errors", "start-again"): ("server = labkit.LabServer(HOST, PORT).start()",),
    ("06_errors", "time-wait-without-reuse"): ("def serve_one_client(reuse)",),
    ("06_errors", "time-wait-with-reuse"): ("serve_one_client(reuse=True)",),
    ("06_errors", "silent-server-recv"): ("silent = socket.create_server(",),
    ("06_errors", "timeout-sentence"): ("timeout=1.0",),
    ("06_errors", "send-str"): ('client.sendall("Hello")',),
    ("06_errors", "send-bytes"): ('"Hello".encode("UTF-8")',),
    ("07_white_hat", "refuse-any-address"): ('labkit.LabServer(host="0.0.0.0"',),
    ("07_white_hat", "listen-loopback"): ('labkit.LabServer(host="127.0.0.1"',),
    ("07_white_hat", "scan-own-servers"): ("labkit.scan_ports(",),
    ("07_white_hat", "scan-result"): ("result",),
    ("07_white_hat", "silent-client-freezes"): ("client_timeout=None",),
    ("07_white_hat", "cure-timeout-code"): ("client_timeout=0.5",),
    ("07_white_hat", "cure-concurrency-code"): ("concurrent=True",),
    ("08_pictures", "address-in-use"): ("listener.close()",),
    ("08_pictures", "labserver-rebinds"): (
        "first = labkit.LabServer(port=labkit.quiet_port()).start()",),
    ("08_pictures", "close-does-not-wake"): ("blocked.listen(2)",),
    ("08_pictures", "thread-still-accepts"): ("visitor = socket.create_connection(",),
    ("08_pictures", "labserver-stop"): ("lab.stop()",),
}


def _cells(lang: str, nb: str) -> list:
    return nbformat.read(ROOT / "notebooks" / lang / f"{nb}.ipynb", as_version=4).cells


def _citations(text: str) -> list[tuple[str, str, int]]:
    """(notebook, cell id, number shown) for each ``N `NN_name#id``` in ``text``."""
    return [(m["nb"], m["id"], int(m["number"])) for m in GUIDE_CITE.finditer(text)]


def _pitfall_rows(lang: str) -> dict[int, tuple[str, str]]:
    """Pitfall number -> (reproduced-by column, cured-by column)."""
    text = GUIDES[lang].read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        match = re.match(r"\| (\d+) \|", line)
        if match:
            columns = [c.strip() for c in line.strip().strip("|").split(" | ")]
            rows[int(match.group(1))] = (columns[2], columns[3])
    return rows


@pytest.mark.parametrize("lang", GUIDES)
def test_every_relative_link_resolves(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    links = [link for link in LINK.findall(text) if "://" not in link]
    assert links
    for link in links:
        assert (DOCS / link).resolve().exists(), f"{GUIDES[lang].name}: broken link {link}"
    assert all(f"/notebooks/{lang}/" in link for link in links if "notebooks/" in link)


@pytest.mark.parametrize("lang", GUIDES)
def test_every_cited_cell_is_at_the_number_shown(lang):
    citations = _citations(GUIDES[lang].read_text(encoding="utf-8"))
    assert len(citations) > 40
    for nb, ident, number in citations:
        ids = [cell.id for cell in _cells(lang, nb)]
        assert ident in ids, f"the guide cites {nb}#{ident}, and {nb} has no such cell"
        assert ids.index(ident) + 1 == number, (
            f"the guide shows {nb}#{ident} as cell {number}, but it is cell "
            f"{ids.index(ident) + 1}: run tools/build_notebooks.py --guide")


@pytest.mark.parametrize("lang", GUIDES)
def test_the_numbers_are_generated_from_the_ids(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    assert renumber_guide(text) == text, "run tools/build_notebooks.py --guide"
    swapped = text.replace("13 `01_server_001#server-loop`", "12 `01_server_001#server-loop`")
    assert swapped != text and renumber_guide(swapped) == text


@pytest.mark.parametrize("lang", GUIDES)
def test_every_cell_number_names_its_cell(lang):
    """A bare "cell 12" would go stale silently when a cell is inserted."""
    text = GUIDE_CITE.sub("CITED", GUIDES[lang].read_text(encoding="utf-8"))
    bare = re.findall(r"(?:\b[Cc]ells?|セル) ?\d+"
                      r"|CITED(?: \([^)]*\))?\s*(?:,|、|and|と|-)\s*\d+", text)
    assert not bare, f"cell numbers without their cell id: {bare}"


@pytest.mark.parametrize("lang", GUIDES)
def test_plan_covers_every_notebook(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    plan = text.split("## ", 3)[2]  # the section after "Before the class"
    for path in sorted((ROOT / "tools" / "nbsrc").glob("[0-9][0-9]_*.py")):
        assert f"({'../notebooks/' + lang + '/' + path.stem}.ipynb)" in plan, path.stem


@pytest.mark.parametrize("lang", GUIDES)
def test_pitfalls_table_reproduces_and_cures_each_pitfall(lang):
    rows = _pitfall_rows(lang)
    assert sorted(rows) == list(range(1, 12)), "DESIGN.md lists 11 pitfalls"
    for number, (reproduced, cured) in rows.items():
        for column, what in ((reproduced, "reproduced"), (cured, "cured")):
            cited = _citations(column)
            assert cited or "の問題" in column, f"pitfall {number}: no {what} cell"
            for nb, ident, _ in cited:
                cell = next(c for c in _cells(lang, nb) if c.id == ident)
                assert cell.cell_type == "code", f"pitfall {number}: {nb}#{ident} is not code"
                for snippet in SNIPPETS[(nb, ident)]:
                    assert snippet in cell.source, (
                        f"pitfall {number}: {nb}#{ident} no longer contains {snippet!r}: "
                        "the cell changed, check what the guide says about it")


def test_both_languages_cite_the_same_cells():
    ja, en = (_pitfall_rows(lang) for lang in ("ja", "en"))
    for number in ja:
        for i in (0, 1):
            want = [(nb, ident) for nb, ident, _ in _citations(en[number][i])]
            got = [(nb, ident) for nb, ident, _ in _citations(ja[number][i])]
            assert got == want, f"pitfall {number}, column {i + 3}: ja and en differ"


# ------------------------------------------------------------------ the 90-minute plan
# "cell 8 `05_backlog_burst#x`: `quoted output`", or a range "cells 7 `a`-11 `b`: ..."
PLAN_QUOTE = re.compile(r"(?:\d\d )?(?:[Cc]ells?|セル) (?P<first>" + GUIDE_CITE.pattern
                        + r")(?:-(?P<last>\d+) `[^`]+`)?:")
QUOTED = re.compile(r"`([^`]+)`")


def _plan_rows(lang: str) -> list[list[str]]:
    text = GUIDES[lang].read_text(encoding="utf-8")
    plan = text.split("## ", 3)[2]
    return [[c.strip() for c in line.strip().strip("|").split(" | ")]
            for line in plan.splitlines() if re.match(r"\| \d:\d\d-", line)]


@pytest.mark.parametrize("lang", GUIDES)
def test_plan_quotes_the_real_output_of_the_cells_it_cites(lang):
    rows = _plan_rows(lang)
    assert len(rows) >= 10
    checked = 0
    for row in rows:
        # "cell N `nb#id`: `output`": every quoted piece appears in that cell's stored output.
        for part in re.split(r"; ", row[3]):
            match = PLAN_QUOTE.match(part)
            if not match:
                continue
            first = int(match["number"])
            last = int(match["last"] or first)
            cells = _cells(lang, match["nb"])[first - 1:last]
            if any("nbval-ignore-output" in c.metadata.get("tags", []) for c in cells):
                continue  # numbers that change every run: the guide says so
            output = "\n".join(output_text(c) for c in cells)
            for quoted in QUOTED.findall(part[match.end():]):
                # "..." in a quote stands for text left out (a port number, the rest of a line).
                pattern = ".*?".join(re.escape(p.strip()) for p in re.split(r"\.\.\.|…", quoted))
                assert re.search(pattern, output, re.DOTALL), (
                    f"{match['nb']} cell(s) {first}-{last}: {quoted!r} not in the stored output")
                checked += 1
    assert checked > 20
