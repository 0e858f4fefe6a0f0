"""Real-browser checks: the widget lab in JupyterLab, driven in headless Chromium.

nbval proves that the cells run; it cannot prove that a learner sees the panel,
clicks Start and reads ``Server accessed.(1)`` in the right place.  These tests
start their own JupyterLab (tests/_jupyterlab.py) on a copy of notebooks/, open
the notebooks in Debian's Chromium through Playwright, run all cells with
JupyterLab's own "Run All" command and click the widgets like a learner.

    .venv/bin/python -m pytest tests/test_browser.py          # about a minute
    LABKIT_UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/test_browser.py

Screenshots and the JupyterLab log go to tests/artifacts/ (not committed); with
``LABKIT_UPDATE_SCREENSHOTS=1`` the panel screenshots in docs/images/ are renewed.
Without Chromium the tests skip, saying why, except under CI (``$CI`` set),
where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _jupyterlab import CHROMIUM_ARGS, JupyterLab, find_chromium
from _util import free_port, unavailable

import labkit
from labkit._i18n import t

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ROOT / "docs" / "images"
LANGS = ("ja", "en")
LAB_NOTEBOOK = "03_one_kernel_lab.ipynb"
SETUP_NOTEBOOK = "00_setup.ipynb"
#: The address the 03 notebook's panel uses, as in the article (the port is read from the
#: panel: 49152 on a machine of one's own, the student's own port when 49152 is taken).
PANEL_ADDRESS = ("127.0.0.1", 49152)

# Bounded waits (milliseconds).  A kernel may take several seconds to start on a
# busy 2-core CI machine; a widget update takes well under a second.
ACTION_TIMEOUT = 20_000
KERNEL_TIMEOUT = 90_000
RUN_ALL_TIMEOUT = 120_000

#: Japanese script (hiragana, katakana, CJK ideographs): a ja message must use it.
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


# ----------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = find_chromium()
    if path is None:
        unavailable("no Chromium found (/usr/bin/chromium or $LABKIT_CHROMIUM); "
                    "install it with: apt-get install chromium")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        unavailable("Python Playwright is not installed: pip install -e '.[test]'")
    expect.set_options(timeout=ACTION_TIMEOUT)  # its default, 5 s, is tight on a busy CI
    playwright = sync_playwright().start()
    try:
        # Playwright cannot download its own browsers here: drive the system one.
        chromium = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="module")
def jupyterlab(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLab]:
    """JupyterLab on 127.0.0.1 serving a temporary copy of notebooks/ (after ``browser``,
    so that a missing Chromium skips before a server starts)."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    shutil.copytree(NOTEBOOKS, root,
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    lab = JupyterLab(root, base / "home", ARTIFACTS / "jupyterlab.log")
    lab.start()
    try:
        yield lab
    finally:
        lab.stop()


@pytest.fixture
def page(browser: Any, jupyterlab: JupyterLab, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser tab; afterwards a full-page screenshot in tests/artifacts/ and
    every kernel shut down, so that port 49152 is free for the next test or nbval."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(ACTION_TIMEOUT)
    tab.errors = []  # uncaught JavaScript errors, reported when a wait fails
    tab.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    try:
        yield tab
    finally:
        try:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, timeout=10_000)
        except Exception:  # a screenshot is a diagnostic; never hide the real failure
            pass
        context.close()
        jupyterlab.shutdown_kernels()


# ------------------------------------------------------------------ helpers
def diagnose(page: Any, lab: JupyterLab) -> str:
    """What a failed wait should show: open dialogs, kernel state, JS errors, server log."""
    dialogs = page.locator(".jp-Dialog").all_inner_texts()
    state = page.evaluate("""() => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        const k = w && w.sessionContext && w.sessionContext.session
                  && w.sessionContext.session.kernel;
        return {widget: w ? w.title.label : null, kernel: k ? k.status : null};
    }""")
    return (f"\n  dialogs: {dialogs}\n  state: {state}\n  JS errors: {page.errors[-5:]}"
            f"\n  JupyterLab log (tail):\n{lab.log_tail(15)}")


#: True once Run All is over: the command settled, the kernel is idle, and every
#: non-empty code cell has run (or a cell not tagged raises-exception failed,
#: which aborts the rest; the caller reports that).
RUN_ALL_DONE = """() => {
    if (window.__labkitRunAll === null) return false;
    const w = window.jupyterapp.shell.currentWidget;
    const k = w.sessionContext.session && w.sessionContext.session.kernel;
    if (!k || k.status !== 'idle') return false;
    const cells = w.content.widgets.filter((cell) => cell.model.type === 'code'
        && cell.model.sharedModel.getSource().trim() !== '');
    const failed = cells.some((cell) =>
        !(cell.model.getMetadata('tags') || []).includes('raises-exception')
        && cell.model.outputs.toJSON().some((out) => out.output_type === 'error'));
    return failed || cells.every((cell) => cell.model.executionCount !== null
                                          && cell.model.executionState !== 'running');
}"""


def open_and_run_all(page: Any, lab: JupyterLab, path: str) -> None:
    """Open ``path`` in JupyterLab, wait for its kernel, run all cells and wait for the end."""
    assert (lab.root / path).is_file(), (
        f"notebooks/{path} is missing: build it with tools/build_notebooks.py")
    page.goto(lab.lab_url(path), wait_until="domcontentloaded", timeout=KERNEL_TIMEOUT)
    try:
        page.wait_for_function(
            """(path) => {
                const app = window.jupyterapp;
                const w = app && app.shell.currentWidget;
                if (!w || !w.context || w.context.path !== path || !w.context.isReady) return false;
                const k = w.sessionContext.session && w.sessionContext.session.kernel;
                return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
            }""", arg=path, timeout=KERNEL_TIMEOUT)
    except Exception as exc:
        raise AssertionError(f"{path}: the notebook or its kernel did not become ready"
                             + diagnose(page, lab)) from exc
    # JupyterLab's own "Run All" (Run > Run All Cells), as a learner would click it.
    # Its promise settles early (at the first cell that raises, even a deliberate
    # one) while the other cells go on running: so wait on the cells themselves.
    page.evaluate("""() => {
        window.__labkitRunAll = null;
        window.jupyterapp.commands.execute('notebook:run-all-cells').then(
            (ok) => { window.__labkitRunAll = {ok: ok}; },
            (err) => { window.__labkitRunAll = {error: String(err)}; });
    }""")
    try:
        page.wait_for_function(RUN_ALL_DONE, timeout=RUN_ALL_TIMEOUT)
    except Exception as exc:
        raise AssertionError(f"{path}: Run All did not finish" + diagnose(page, lab)) from exc
    assert "error" not in page.evaluate("() => window.__labkitRunAll"), diagnose(page, lab)
    # Only cells tagged raises-exception (the lessons' deliberate errors) may fail.
    unexpected = page.evaluate("""() => {
        const cells = window.jupyterapp.shell.currentWidget.content.widgets;
        const bad = [];
        cells.forEach((cell, i) => {
            if (cell.model.type !== 'code') return;
            if (cell.model.sharedModel.getSource().trim() === '') return;
            const tags = cell.model.getMetadata('tags') || [];
            if (tags.includes('raises-exception')) return;
            for (const out of cell.model.outputs.toJSON()) {
                if (out.output_type === 'error') bad.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
            }
            if (cell.model.executionCount === null) bad.push(`cell ${i}: not run`);
        });
        return bad;
    }""")
    assert unexpected == [], f"{path}: cells failed under Run All: {unexpected}"


def cell_outputs(page: Any) -> list[str]:
    """Every cell's outputs as stored in the notebook model (what a save would write)."""
    return page.evaluate("""() => window.jupyterapp.shell.currentWidget.content.widgets.map(
        (cell) => cell.model.type === 'code'
                  ? JSON.stringify(cell.model.outputs.toJSON()) : '')""")


def other_output_texts(page: Any) -> list[str]:
    """The text shown in every output area except the panel's (what the learner reads)."""
    texts = []
    for cell in page.locator(".jp-Notebook .jp-CodeCell").all():
        if cell.locator(".labkit-panel").count():
            continue
        texts.append(cell.locator(".jp-OutputArea").text_content() or "")
    return texts


def ends_with(*lines: str) -> re.Pattern[str]:
    """Text whose last lines are ``lines`` (HTML line breaks and spaces in between)."""
    return re.compile(r"\s*".join(re.escape(line) for line in lines) + r"\s*$")


def expected_error(lang: str, port: object, client: bool = False) -> str:
    """The line the panel must show for a bad port: labkit's own message, in ``lang``
    (LabServer's for Start, fetch's for Connect)."""
    previous = labkit.get_language()
    labkit.set_language(lang)
    try:
        if client:
            labkit.fetch(PANEL_ADDRESS[0], port)  # type: ignore[arg-type]
        else:
            labkit.LabServer(PANEL_ADDRESS[0], port)  # type: ignore[arg-type]
    except (TypeError, ValueError) as exc:
        return t("panel_error", lang, text=exc)
    finally:
        labkit.set_language(previous)
    raise AssertionError(f"LabServer accepted the bad port {port!r}")


def assert_in_view(locator: Any, text: str) -> None:
    """``text`` starts within the visible part of ``locator``'s scrolling box."""
    where = locator.evaluate("""(pre, text) => {
        const box = pre.parentElement.getBoundingClientRect();
        const range = document.createRange();
        const node = pre.firstChild;
        const at = node.textContent.indexOf(text);
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        const line = range.getBoundingClientRect();
        return {top: line.top - box.top, bottom: box.bottom - line.bottom};
    }""", text)
    assert where["top"] >= 0 and where["bottom"] >= 0, (
        f"{text!r} is outside the visible box: {where}")


def rerun_panel_cell(page: Any) -> None:
    """Select the cell whose output is the panel and run it again (Run Selected Cell)."""
    page.evaluate("""() => {
        const notebook = window.jupyterapp.shell.currentWidget.content;
        const index = notebook.widgets.findIndex(
            (cell) => cell.node.querySelector('.labkit-panel') !== null);
        if (index < 0) throw new Error('no cell shows the panel');
        notebook.activeCellIndex = index;
        window.__labkitRerun = null;
        window.jupyterapp.commands.execute('notebook:run-cell').then(
            () => { window.__labkitRerun = 'done'; },
            (err) => { window.__labkitRerun = String(err); });
    }""")
    page.wait_for_function("() => window.__labkitRerun !== null", timeout=ACTION_TIMEOUT)
    assert page.evaluate("() => window.__labkitRerun") == "done"


def save_screenshot(locator: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / name))
    if os.environ.get("LABKIT_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / name, SCREENSHOTS / name)


# -------------------------------------------------------------------- tests
@pytest.mark.parametrize("lang", LANGS)
def test_setup_notebook_widgets_render(page: Any, jupyterlab: JupyterLab, lang: str) -> None:
    """00_setup's widget check renders: the widget extension is active in JupyterLab."""
    from playwright.sync_api import expect

    open_and_run_all(page, jupyterlab, f"{lang}/{SETUP_NOTEBOOK}")
    # Without the extension JupyterLab would show only the widget's text form.
    extensions = page.evaluate("""() => JSON.parse(document.getElementById(
        'jupyter-config-data').textContent).federated_extensions.map((e) => e.name)""")
    assert "@jupyter-widgets/jupyterlab-manager" in extensions, (
        f"the ipywidgets extension (jupyterlab_widgets) is not loaded: {extensions}")
    widget = page.locator(".jp-OutputArea .labkit-setup-widget")
    expect(widget).to_have_count(1)
    # Run All ends at the last cell: bring the widget back into view, as a learner
    # scrolls up (JupyterLab does not lay out off-screen cells, so their text is empty).
    widget.scroll_into_view_if_needed()
    expect(widget).to_be_visible()
    expect(widget).to_have_text(re.compile(r"\S"))  # laid out again, with its text
    # The notebook's button answers a click: the kernel and the browser talk (comms).
    before = widget.inner_text().strip()
    assert before, "the setup widget rendered empty"
    widget.click()
    expect(widget).not_to_have_text(before)
    expect(widget).to_contain_text("OK")


@pytest.mark.parametrize("lang", LANGS)
def test_one_kernel_lab_panel(page: Any, jupyterlab: JupyterLab, lang: str) -> None:
    """03_one_kernel_lab: Start, three Connects, bad ports, Stop, all in the browser."""
    from playwright.sync_api import expect

    host = PANEL_ADDRESS[0]
    open_and_run_all(page, jupyterlab, f"{lang}/{LAB_NOTEBOOK}")

    # 2. The panel renders (as a widget, not as its text form "LabPanel()").
    panel = page.locator(".jp-OutputArea .labkit-panel")
    expect(panel).to_have_count(1, timeout=ACTION_TIMEOUT)
    expect(panel).to_be_visible()
    status = panel.locator(".labkit-status")
    received = panel.locator(".labkit-received")
    log = panel.locator(".labkit-log")
    count = panel.locator(".labkit-count")
    port_box = panel.locator(".widget-text", has_text=t("panel_port", lang)).locator("input")
    # The panel's own default, labkit.student_port(): 49152 unless another user or
    # program holds it (make lab with 01 open beside make test, a shared machine).
    port = int(port_box.input_value())

    def button(prefix: str) -> Any:
        return panel.get_by_role("button", name=re.compile("^" + re.escape(prefix)))

    # The notebook's own cells already clicked the panel from code and stopped it,
    # so earlier replies and log lines are there: check only what each click adds.
    expect(status).to_have_text(t("panel_status_stopped", lang))
    before = cell_outputs(page)
    others_before = other_output_texts(page)

    # 3. Start on a port the learner types (it must reach the kernel before the click
    #    does), then on the notebook's port: the status shows running, with the address.
    def start_typed_then_back(typed: int) -> None:
        """Start on a typed port, Stop, then Start on the notebook's port again."""
        for number in (typed, port):
            port_box.fill(str(number))
            button("Start").click()
            expect(status).to_have_text(t("panel_status_running", lang, host=host,
                                          port=number))
            if number == typed:
                button("Stop").click()

    typed = free_port()
    start_typed_then_back(typed)
    expect(count).to_have_text(t("panel_count", lang, count=0))

    # 4. Three connections, each reply shown in the panel, in order.  The list is this
    #    server's only: the notebook's own earlier clicks (another server) are gone.
    replies: list[str] = []
    for n in (1, 2, 3):
        button("Connect").click()
        replies.append(t("panel_received", lang, text=f"Server accessed.({n})"))
        expect(received).to_have_text(re.compile(r"^\s*" + ends_with(*replies).pattern))
    expect(count).to_have_text(t("panel_count", lang, count=3))

    # 5. The new server's log is in the panel (its timer sends it within a second),
    #    newest first: the box shows its top, so the newest line must be there.
    started = t("started", lang, host=host, port=port)
    expect(log).to_contain_text(re.compile(r"^\[3\] ", re.M))
    lines = log.inner_text().splitlines()
    assert lines[0].startswith("[3] "), f"the newest line is not at the top of the log: {lines}"
    assert started in lines, f"no start line in the panel's log: {lines}"
    new_lines = lines[:lines.index(started) + 1]
    for n in (1, 2, 3):
        assert any(line.startswith(f"[{n}] ") for line in new_lines), new_lines
    assert_in_view(log.locator("pre"), lines[0])
    # ... and nowhere else: no other cell's output changed while the panel was used.
    assert cell_outputs(page) == before, "the panel's server wrote into a cell's output"
    assert other_output_texts(page) == others_before, "server log lines in another cell"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    panel.screenshot(path=str(ARTIFACTS / f"panel-{lang}-3.png"))  # after three connections

    # 6. Bad ports: a clear message in the notebook's language, the running server is
    #    left alone (and the status says so), and the long message gets the panel's width.
    kept = t("panel_kept", lang, host=host, port=port)
    for bad, value in (("70000", 70000), ("abc", "abc")):
        port_box.fill(bad)
        button("Start").click()
        expect(status).to_have_text(expected_error(lang, value) + " " + kept)
        if lang == "ja":
            assert JAPANESE.search(status.inner_text()), status.inner_text()
        wide = status.bounding_box()["width"] / panel.bounding_box()["width"]
        assert wide > 0.8, f"the status is squeezed into {wide:.0%} of the panel's width"
    button("Connect").click()  # the server kept running: it still answers, and counts on
    replies.append(t("panel_received", lang, text="Server accessed.(4)"))
    expect(received).to_have_text(ends_with(*replies))
    # A client's port range is 1-65535 (0 is a server's "any port"): Connect says so.
    button("Stop").click()
    port_box.fill("70000")
    button("Connect").click()
    expect(received).to_have_text(ends_with(expected_error(lang, 70000, client=True)))

    # Typed after a failed Start and a failed Connect, a port still reaches the kernel.
    start_typed_then_back(typed)
    expect(received).to_have_text("")  # a new server, a new list

    # 7. Stop: stopped, and Connect now says that the server is not running.
    button("Stop").click()
    expect(status).to_have_text(t("panel_status_stopped", lang))
    button("Connect").click()
    expect(received).to_have_text(ends_with(t("panel_not_running", lang)))
    assert cell_outputs(page) == before, "a button wrote into a cell's output"
    assert other_output_texts(page) == others_before, "a button wrote into another cell"
    kernel = page.evaluate("""() => window.jupyterapp.shell.currentWidget
        .sessionContext.session.kernel.status""")
    assert kernel in ("idle", "busy"), f"the kernel is {kernel} after the panel was used"

    # 8. The panel with the test's output, for the CI artifacts.
    panel.screenshot(path=str(ARTIFACTS / f"panel-{lang}-end.png"))

    # Re-running the panel's cell (what a learner does to start over) gives a fresh,
    # working panel.  Its screenshot after three connections is the one in docs/.
    rerun_panel_cell(page)
    expect(panel).to_have_count(1)
    expect(status).to_have_text(t("panel_status_stopped", lang))
    expect(received).to_have_text("")
    button("Start").click()
    expect(status).to_have_text(t("panel_status_running", lang, host=host, port=port))
    for n in (1, 2, 3):
        button("Connect").click()
        expect(received).to_have_text(ends_with(
            *(t("panel_received", lang, text=f"Server accessed.({i})") for i in range(1, n + 1))))
    expect(log).to_contain_text(re.compile(r"^\[3\] ", re.M))
    expect(count).to_have_text(t("panel_count", lang, count=3))
    save_screenshot(panel, f"panel-{lang}.png")
    button("Stop").click()
    expect(status).to_have_text(t("panel_status_stopped", lang))
