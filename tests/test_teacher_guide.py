"""The teacher's guides (docs/teacher-guide.{ja,en}.md) point at cells that exist and do
what the guide says: every link resolves, every cited cell number is in its notebook,
the pitfalls table names a reproducing and a curing cell for each of DESIGN.md's 11
pitfalls (the one known gap is stated in the guide), and both languages cite the same
cells.  When a notebook gains or loses a cell, these tests say which citation moved."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDES = {lang: DOCS / f"teacher-guide.{lang}.md" for lang in ("ja", "en")}
LINK = re.compile(r"\]\(([^)#\s]+)\)")
CITE = re.compile(
    r"\[\d\d_\w+\]\(\.\./notebooks/(?P<lang>ja|en)/(?P<nb>\d\d_\w+)\.ipynb\)"
    r"(?:\s*の問題[^|;]*|\s*\(?\s*(?:cells?|セル)\s*(?P<cells>\d+(?:\s*(?:,|、|-)\s*\d+)*))?"
)

# What each cell cited in the pitfalls table must contain (the same in ja and en).
SNIPPETS = {
    ("00_setup", 8): "client, addr = server.accept()",
    ("00_setup", 10): "labkit.check_source(",
    ("00_setup", 12): "labkit.check_notebook(",
    ("01_server_001", 13): "labkit.LabServer(",
    ("01_server_001", 17): 'lab.print_log("print")',
    ("02_client_002", 5): "labkit.ensure_server(",
    ("03_one_kernel_lab", 10): "server.print_log()",
    ("03_one_kernel_lab", 12): "server = labkit.LabServer(HOST, D_PORT_NO).start()",
    ("03_one_kernel_lab", 20): "threading.Thread(target=chatty_server",
    ("03_one_kernel_lab", 21): "ready.set()",
    ("04_byte_streams", 4): "labkit.chunked_handler(",
    ("04_byte_streams", 6): "while True:",
    ("04_byte_streams", 8): "labkit.two_messages_handler(",
    ("04_byte_streams", 11): "labkit.recv_all(",
    ("04_byte_streams", 13): "two_messages_handler(\"Hello!\\n\"",
    ("04_byte_streams", 19): "labkit.send_msg(",
    ("05_backlog_burst", 6): "labkit.ArticleServer(backlog=2)",
    ("05_backlog_burst", 8): "print(article_result)",
    ("05_backlog_burst", 8): "article_result.hung > 0",
    ("05_backlog_burst", 10): "article_result.counts_ok",
    ("05_backlog_burst", 13): "labkit.LabServer(port=0)",
    ("05_backlog_burst", 14): "print(backlog_result)",
    ("05_backlog_burst", 15): "backlog_result.served == N",
    ("05_backlog_burst", 21): "labkit.slow_handler(",
    ("05_backlog_burst", 22): "print(concurrent_result)",
    ("05_backlog_burst", 23): "concurrent_result.served == N",
    ("05_backlog_burst", 25): "labkit.burst_comparison(",
    ("06_errors", 4): "server.stop()",
    ("06_errors", 6): "labkit.fetch(HOST, PORT)",
    ("06_errors", 8): "server = labkit.LabServer(HOST, PORT).start()",
    ("06_errors", 10): "second.bind((HOST, PORT))",
    ("06_errors", 12): "server = labkit.LabServer(HOST, PORT).start()",
    ("06_errors", 14): "def serve_one_client(reuse)",
    ("06_errors", 16): "serve_one_client(reuse=True)",
    ("06_errors", 18): "silent = socket.create_server(",
    ("06_errors", 20): "timeout=1.0",
    ("06_errors", 26): 'client.sendall("Hello")',
    ("06_errors", 28): '"Hello".encode("UTF-8")',
    ("07_white_hat", 6): 'labkit.LabServer(host="0.0.0.0"',
    ("07_white_hat", 8): 'labkit.LabServer(host="127.0.0.1"',
    ("07_white_hat", 10): "labkit.scan_ports(",
    ("07_white_hat", 12): "result",
    ("07_white_hat", 23): "client_timeout=None",
    ("07_white_hat", 26): "client_timeout=0.5",
    ("07_white_hat", 28): "concurrent=True",
    ("08_pictures", 22): "listener.close()",
    ("08_pictures", 24): "first = labkit.LabServer(port=0).start()",
    ("08_pictures", 26): "blocked.listen(2)",
    ("08_pictures", 28): "visitor = socket.create_connection(",
    ("08_pictures", 30): "lab.stop()",
}


def _numbers(text: str | None) -> list[int]:
    if not text:
        return []
    found: list[int] = []
    for part in re.split(r"\s*(?:,|、)\s*", text.strip()):
        if "-" in part:
            low, high = (int(x) for x in part.split("-"))
            found.extend(range(low, high + 1))
        else:
            found.append(int(part))
    return found


def _cells(lang: str, nb: str) -> list:
    return nbformat.read(ROOT / "notebooks" / lang / f"{nb}.ipynb", as_version=4).cells


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


def _citations(text: str) -> list[tuple[str, str, int]]:
    return [(m["lang"], m["nb"], n) for m in CITE.finditer(text) for n in _numbers(m["cells"])]


@pytest.mark.parametrize("lang", GUIDES)
def test_every_relative_link_resolves(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    links = [link for link in LINK.findall(text) if "://" not in link]
    assert links
    for link in links:
        assert (DOCS / link).resolve().exists(), f"{GUIDES[lang].name}: broken link {link}"
    assert all(f"/notebooks/{lang}/" in link for link in links if "notebooks/" in link)


@pytest.mark.parametrize("lang", GUIDES)
def test_every_cited_cell_exists(lang):
    citations = _citations(GUIDES[lang].read_text(encoding="utf-8"))
    assert len(citations) > 40
    for cite_lang, nb, number in citations:
        count = len(_cells(cite_lang, nb))
        assert 1 <= number <= count, f"{nb} has {count} cells; the guide cites cell {number}"


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
            for _, nb, n in cited:
                cell = _cells(lang, nb)[n - 1]
                assert cell.cell_type == "code", f"pitfall {number}: {nb} cell {n} is not code"
                snippet = SNIPPETS[(nb, n)]
                assert snippet in cell.source, (
                    f"pitfall {number}: {nb} cell {n} no longer contains {snippet!r}: "
                    "the notebook changed, update the guide's cell number")


def test_both_languages_cite_the_same_cells():
    ja, en = (_pitfall_rows(lang) for lang in ("ja", "en"))
    for number in ja:
        for i in (0, 1):
            want = [(nb, n) for _, nb, n in _citations(en[number][i])]
            got = [(nb, n) for _, nb, n in _citations(ja[number][i])]
            assert got == want, f"pitfall {number}, column {i + 3}: ja and en differ"


# ------------------------------------------------------------------ the 90-minute plan
PLAN_CITE = re.compile(r"(?:(?P<nb>\d\d) )?(?:cells?|セル) (?P<cells>\d+(?:(?:, |、|-)\d+)*)")
QUOTED = re.compile(r"`([^`]+)`")


def _plan_rows(lang: str) -> list[list[str]]:
    text = GUIDES[lang].read_text(encoding="utf-8")
    plan = text.split("## ", 3)[2]
    return [[c.strip() for c in line.strip().strip("|").split(" | ")]
            for line in plan.splitlines() if re.match(r"\| \d:\d\d-", line)]


def _output_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "error":
            parts.append(f"{out.ename}: {out.evalue}")
        else:
            parts.append(out.get("text", "") or out.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


@pytest.mark.parametrize("lang", GUIDES)
def test_plan_cites_cells_that_exist_and_quotes_their_real_output(lang):
    rows = _plan_rows(lang)
    assert len(rows) >= 10
    checked = 0
    for row in rows:
        notebooks = re.findall(r"\.\./notebooks/" + lang + r"/(\d\d_\w+)\.ipynb", row[1])
        by_prefix = {nb[:2]: nb for nb in notebooks}
        for column in (row[2], row[3]):
            for match in PLAN_CITE.finditer(column):
                nb = by_prefix[match["nb"]] if match["nb"] else notebooks[0]
                cells = _cells(lang, nb)
                for number in _numbers(match["cells"]):
                    assert 1 <= number <= len(cells), f"{nb} has no cell {number}"
        # "cell N: `output`": every quoted piece appears in that cell's stored output.
        for part in re.split(r"; ", row[3]):
            match = re.match(PLAN_CITE.pattern + r":", part)
            if not match:
                continue
            nb = by_prefix[match["nb"]] if match["nb"] else notebooks[0]
            cells = [_cells(lang, nb)[n - 1] for n in _numbers(match["cells"])]
            if any("nbval-ignore-output" in c.metadata.get("tags", []) for c in cells):
                continue  # numbers that change every run: the guide says so
            output = "\n".join(_output_text(c) for c in cells)
            for quoted in QUOTED.findall(part[match.end():]):
                # "..." in a quote stands for text left out (a port number, the rest of a line).
                pattern = ".*?".join(re.escape(p.strip()) for p in re.split(r"\.\.\.|…", quoted))
                assert re.search(pattern, output, re.DOTALL), (
                    f"{nb} cell(s) {match['cells']}: {quoted!r} not in the stored output")
                checked += 1
    assert checked > 20
