"""Every output the README and the notebooks' prose quote is one the notebooks print.

The README's classroom walkthrough (01 and 02 side by side) depends on the order of
things: 01 connects once itself, so 02's first reply is ``(2)``.  nbval runs each
notebook alone, so its stored outputs cannot show that; this test runs the
walkthrough itself, as a class would (01's kernel keeps serving while 02 runs in a
second kernel), and checks each quoted output of the README's steps 2-5 against
what that step printed.  The notebooks' own prose quotes of the access count
(```Server accessed.(2)```, ```(3)```) must appear in the walkthrough's outputs or
in the notebook's stored outputs.  The teacher's guide's quotes are checked by
tests/test_teacher_guide.py against the cells they cite.

A quote may leave text out with ``...`` (a port, an fd number, the rest of a line).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from _util import free_port, output_text
from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
WALKTHROUGH = {"en": "### Classroom walkthrough", "ja": "### 授業での進め方"}
QUOTED = re.compile(r"`([^`]+)`")
# A quote of the access count in prose: "Server accessed.(2)" or a bare "(3)".
COUNT_QUOTE = re.compile(r"Server accessed\.\(\d+\)|^\(\d+\)$")
TIMEOUT = 60  # seconds per cell: far more than any cell of 01 or 02 needs


def _pattern(quoted: str) -> str:
    return ".*?".join(re.escape(p.strip()) for p in re.split(r"\.\.\.|…", quoted))


def _notebook(lang: str, name: str):
    return nbformat.read(ROOT / "notebooks" / lang / f"{name}.ipynb", as_version=4)


def _stored_output(nb) -> str:
    return "\n".join(output_text(cell) for cell in nb.cells)


class _Kernel:
    """One notebook's kernel, kept running between steps (as a student's tab is)."""

    def __init__(self, lang: str, name: str, port: int) -> None:
        self.nb = _notebook(lang, name)
        self.port = port
        self.manager, self.client = start_new_kernel(cwd=str(ROOT / "notebooks" / lang))

    def run(self, *ids: str) -> str:
        """Run the code cells ``ids`` (all code cells if none), return what they printed."""
        printed: list[str] = []

        def hook(msg: dict) -> None:
            content = msg["content"]
            if msg["msg_type"] == "stream":
                printed.append(content["text"])
            elif msg["msg_type"] in ("execute_result", "display_data"):
                printed.append(content["data"].get("text/plain", "") + "\n")
            elif msg["msg_type"] == "error":
                printed.append(f"{content['ename']}: {content['evalue']}\n")

        for cell in self.nb.cells:
            if cell.cell_type == "code" and (not ids or cell.id in ids):
                # The walkthrough's port, whatever the notebook's default is.
                source = re.sub(r"(?m)^D_PORT_NO = .*$", f"D_PORT_NO = {self.port}", cell.source)
                self.client.execute_interactive(source, output_hook=hook, timeout=TIMEOUT)
        return "".join(printed)

    def close(self) -> None:
        self.client.execute_interactive("labkit.stop_all()", timeout=TIMEOUT)
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture(scope="module", params=["en", "ja"])
def walkthrough(request):
    """What each step of the README's walkthrough printed, in one language."""
    lang = request.param
    port = free_port()
    server = _Kernel(lang, "01_server_001", port)
    client = _Kernel(lang, "02_client_002", port)
    try:
        steps = {2: server.run(), 3: client.run(), 4: server.run("print-server-log"),
                 5: client.run("create-socket", "connect-server",
                               "receive-message-from-server", "disconnect-from-server")}
    finally:
        client.close()
        server.close()
    return lang, steps


def _readme_steps(lang: str) -> dict[int, str]:
    text = README.read_text(encoding="utf-8")
    section = text.split(WALKTHROUGH[lang], 1)[1].split("\n### ", 1)[0]
    return {int(m[1]): m[2] for m in re.finditer(r"(?ms)^(\d+)\. (.*?)(?=^\d+\. |\Z)", section)}


def test_the_readme_walkthrough_quotes_what_each_step_prints(walkthrough):
    lang, steps = walkthrough
    readme = _readme_steps(lang)
    assert sorted(readme) == [1, 2, 3, 4, 5, 6]
    checked = 0
    for number, printed in steps.items():
        for quoted in QUOTED.findall(readme[number]):
            assert re.search(_pattern(quoted), printed, re.DOTALL), (
                f"README ({lang}) step {number} quotes {quoted!r}, but that step printed:\n"
                f"{printed}")
            checked += 1
    assert checked >= 12


def test_the_walkthrough_counts_as_the_readme_says(walkthrough):
    """The numbers themselves: 01's own fetch is (1), so 02 starts at (2) and the log at [2]."""
    _, steps = walkthrough
    assert "Server accessed.(1)" in steps[2]
    assert re.findall(r"accessed\.\((\d)\)", steps[3]) == ["2", "3", "4"]
    assert steps[4].startswith("[2] ")
    assert "Server accessed.(5)" in steps[5]


@pytest.mark.parametrize("name", ["01_server_001", "02_client_002"])
def test_the_walkthrough_notebooks_quote_counts_they_print(walkthrough, name):
    lang, steps = walkthrough
    nb = _notebook(lang, name)
    printed = "\n".join(steps.values()) + _stored_output(nb)
    quotes = [q for cell in nb.cells if cell.cell_type == "markdown"
              for q in QUOTED.findall(cell.source) if COUNT_QUOTE.search(q)]
    assert quotes
    for quoted in quotes:
        assert re.search(_pattern(quoted), printed), (
            f"{lang}/{name}.ipynb quotes {quoted!r}, which neither the walkthrough "
            "nor the notebook prints")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_other_notebooks_quote_counts_they_print(lang):
    """A notebook run alone (as nbval runs it) prints the counts its prose quotes."""
    for path in sorted((ROOT / "notebooks" / lang).glob("[0-9][0-9]_*.ipynb")):
        if path.stem in ("01_server_001", "02_client_002"):
            continue
        nb = _notebook(lang, path.stem)
        printed = _stored_output(nb)
        for cell in nb.cells:
            if cell.cell_type != "markdown":
                continue
            for quoted in QUOTED.findall(cell.source):
                if COUNT_QUOTE.search(quoted):
                    assert re.search(_pattern(quoted.strip("'")), printed), (
                        f"{lang}/{path.name} cell {cell.id} quotes {quoted!r}, "
                        "which the notebook does not print")
