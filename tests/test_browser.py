"""The dashboard in a real browser: Debian's chromium, headless, driven by Playwright,
against a served dashboard on the fixture warehouse. Screenshots go to
test-artifacts/browser/."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from dashboards.app_pages import PAGES
from orchestration.cli import streamlit_command
from tests.fixtures_marts import build_published_warehouse
from tests.tiny_district import A, UNIT_HEADER
from tests.workbooks import write_xlsx

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PERIOD = "year=2025&month=3"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"dashboard did not start at {url}")


def serve(home: Path, extra_env: dict[str, str] | None = None):
    port = free_port()
    env = {**os.environ, "UNIONKPI_HOME": str(home), **(extra_env or {})}
    process = subprocess.Popen(streamlit_command(port), env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_healthy(url)
    return process, url


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    home = tmp_path_factory.mktemp("browser-home")
    build_published_warehouse(home)
    process, url = serve(home)
    yield url, home
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium missing: run scripts/test-setup.sh"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


def page_path(spec) -> str:
    return "" if spec.default else spec.url_path  # the default page is served at /


def open_page(page, url: str, path: str, wait_text: str):
    page.goto(f"{url}/{path}?{PERIOD}")
    page.get_by_text(wait_text).first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    # Streamlit shows Stop in its header while the script still runs; a first, cold run
    # can outlast network idle, and a page read then is half drawn.
    page.get_by_role("button", name="Stop").wait_for(state="hidden", timeout=30_000)
    return page


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("spec", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_renders_without_an_exception(dashboard, page, spec):
    url, _ = dashboard
    open_page(page, url, page_path(spec), spec.title)
    page.wait_for_timeout(1000)
    assert "Page not found" not in page.inner_text("body")
    shoot(page, spec.url_path)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.content()


def test_overview_shows_the_fixtures_exact_values(dashboard, page):
    url, _ = dashboard
    open_page(page, url, "", "总览")
    sentence = "截至3月底，全区新建工会52家，完成年度目标的26.0%，超序时进度1.0个百分点。"
    page.get_by_text(sentence).wait_for(timeout=20_000)
    # (Streamlit draws the page element by element: on a busy machine the cards below
    # the sentence may come a moment later.)
    for expected in ("52家", "95.3%", "超序时进度1.0个百分点"):
        page.get_by_text(expected).first.wait_for(timeout=20_000)
    text = page.inner_text("body")
    for expected in ("52家", "95.3%", "超序时进度1.0个百分点"):
        assert expected in text, expected
    shoot(page, "overview-values")


def test_ranking_names_the_streets_behind_schedule(dashboard, page):
    url, _ = dashboard
    open_page(page, url, "ranking", "街道排名")
    page.get_by_text("落后序时进度的街道：东湖镇").first.wait_for(timeout=20_000)
    assert "城关街道" not in page.get_by_text("落后序时进度的街道").first.inner_text()


def test_the_bulletin_downloads_as_the_cli_writes_it(dashboard, page, tmp_path):
    """The page's files are rendered only when a button is pressed: the browser gets
    the whole file, under the month's name."""
    import openpyxl

    url, _ = dashboard
    open_page(page, url, "bulletin", "区总工会 2025年3月工会重点工作进展情况通报")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="下载 Excel").click()
    assert download.value.suggested_filename == "月度通报-2025-03.xlsx"
    download.value.save_as(tmp_path / "通报.xlsx")
    book = openpyxl.load_workbook(tmp_path / "通报.xlsx")
    assert book["通报"]["A1"].value == "区总工会 2025年3月工会重点工作进展情况通报"
    shoot(page, "bulletin-downloaded")


def drawn_words(element) -> str | None:
    """What the browser draws for a text chinese_chrome sets over: ours (the ::after
    content) when Streamlit's own is drawn at size 0, else None."""
    if element.evaluate("e => getComputedStyle(e).fontSize") != "0px":
        return None
    return element.evaluate("e => getComputedStyle(e, '::after').content").strip('"')


def test_streamlits_own_words_are_drawn_in_chinese(dashboard, page):
    """The uploader (also while a file is dragged over it) and the inputs' hints: each
    text chinese_chrome replaces, found where Streamlit draws it. If a Streamlit upgrade
    moves them, this fails."""
    from dashboards.chinese_chrome import MAC_CLASS, replacements

    url, _ = dashboard
    expected = {selector: words for selector, words, _ in replacements()
                if MAC_CLASS not in selector}  # (a Mac's: in the test after this one)
    seen = set()

    def check(selector: str) -> None:
        element = page.locator(selector).first
        element.wait_for(state="attached", timeout=10_000)
        assert drawn_words(element) == expected[selector], selector
        seen.add(selector)

    open_page(page, url, "submit", "选择报表文件")
    zone = '[data-testid="stFileUploaderDropzone"]'
    for selector in expected:
        if selector.startswith(zone) and "not(" not in selector:
            check(selector)
    shoot(page, "submit-uploader")
    dragged = page.evaluate_handle(
        "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'a.xlsx')); return d; }")
    page.locator(zone).dispatch_event("dragenter", {"dataTransfer": dragged})
    check(next(s for s in expected if "not(" in s))

    open_page(page, url, "bulletin", "发文单位")
    page.get_by_label("发文单位", exact=True).type("x")
    check(next(s for s in expected if "stTextInput" in s))
    shoot(page, "bulletin-typing")
    open_page(page, url, "sql", "查询语句")
    page.get_by_label("查询语句", exact=True).type("x")
    check(next(s for s in expected if "stTextArea" in s))
    assert seen == set(expected)

    # The chart tool bar: Plotly's tips from charts.PLOTLY_CONFIG, Streamlit's by style.
    from dashboards.chinese_chrome import TIPS

    tips = dict(TIPS)
    covered = {selector.split('data-title="')[1].split('"')[0] for selector in tips}

    def check_tool_bar() -> list[str]:
        """The tips of the tool bar as drawn: Plotly's own, or ours over Streamlit's."""
        buttons = page.locator(".modebar-btn")
        buttons.first.wait_for(state="attached", timeout=20_000)
        titles = buttons.evaluate_all("els => els.map(e => e.getAttribute('data-title'))")
        assert not [t for t in titles if t not in covered and re.search("[A-Za-z]", t.replace("PNG", ""))]
        for selector, words in tips.items():
            if page.locator(selector).count():
                drawn = page.locator(selector).first.evaluate("e => getComputedStyle(e, '::after').content")
                assert drawn == f'"{words}"', selector
        return titles

    open_page(page, url, "ranking", "街道排名")
    titles = check_tool_bar()
    assert {"下载图片（PNG）", "还原坐标轴", "Fullscreen"} <= set(titles), titles
    page.locator('.modebar-btn[data-title="Fullscreen"]').first.click(force=True)
    assert "Close fullscreen" in check_tool_bar()


def test_tables_tool_bars_menus_and_the_uploaders_refusal_speak_chinese(tmp_path, page):
    """The words chinese_chrome's script swaps as Streamlit draws them: a table's tool bar
    (buttons' labels, the tip on hover, the column list), a column menu, the app menu,
    and the uploader's refusal of a file over the server's limit (1 MB here); never a
    table's own data."""
    home = tmp_path / "home"
    build_published_warehouse(home)
    process, url = serve(home, {"STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"})
    try:
        open_page(page, url, "quality", "收到的文件")
        table = page.locator('[data-testid="stDataFrame"]').first
        # In the middle of the window: its tool bar, just above it, is then clear of the
        # page's fixed header (scrolled to the top, the header would take the hover).
        table.evaluate("e => e.scrollIntoView({block: 'center'})")
        table.hover()
        buttons = table.locator('[data-testid="stElementToolbarButton"] button')
        buttons.first.wait_for(state="attached", timeout=10_000)
        labels = buttons.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
        assert labels == ["显示/隐藏列", "下载为 CSV", "搜索", "全屏"], labels
        buttons.first.hover()
        tip = page.locator('[data-testid="stTooltipContent"]').filter(has_text="显示/隐藏列")
        tip.wait_for(timeout=10_000)
        buttons.first.click()  # the column list: "Select all" and the index, not the columns
        menu = page.locator('[data-testid="stDataFrameColumnVisibilityMenu"]')
        menu.wait_for(timeout=10_000)
        assert menu.inner_text().split("\n")[:3] == ["全选", "（行序号）", "文件名"]
        page.keyboard.press("Escape")
        page.locator('[data-testid="stMainMenu"]').click()  # the app menu, top right
        app_menu = page.locator('[data-testid="stMainMenuPopover"]')
        app_menu.get_by_text("打印", exact=True).wait_for(timeout=10_000)
        assert not re.search("System|Light|Dark|Print|Record|Made with", app_menu.inner_text())
        page.keyboard.press("Escape")

        # A bookmark to a page that is not there: Streamlit's notice, in Chinese.
        page.goto(f"{url}/no-such-page")
        page.locator('[role="dialog"]').get_by_text("页面不存在", exact=True).wait_for(timeout=20_000)
        assert "not found" not in page.locator('[role="dialog"]').inner_text()
        page.keyboard.press("Escape")
        open_page(page, url, "quality", "收到的文件")
        # (The heading comes before the table: on a busy machine the table is drawn later.)
        page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30_000)

        # A menu as Streamlit draws a column's; an English text in a table (data) stays.
        drawn = page.evaluate("""async () => {
            const menu = document.createElement("div");
            menu.setAttribute("role", "menu");
            menu.innerHTML = '<div role="menuitem"><span>↑</span>Sort ascending</div>';
            const grid = document.querySelector('[data-testid="stDataFrame"]');
            const data = document.createElement("table");
            data.innerHTML = "<tr><td>Sort ascending</td></tr>";
            document.body.appendChild(menu);
            grid.appendChild(data);
            await new Promise(done => setTimeout(done, 200));
            return [menu.innerText, data.innerText.trim()];
        }""")
        assert drawn == ["↑升序排列", "Sort ascending"]

        big = tmp_path / "东湖镇_2025-03.xlsx"
        big.write_bytes(b"PK" + bytes(1_200_000))
        open_page(page, url, "submit", "选择报表文件")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(big))
        page.locator('[data-testid="stFileChip"]').get_by_text(
            "文件超过 1.0MB（服务器上限），未能上传。").wait_for(state="attached", timeout=10_000)
        shoot(page, "submit-too-large")
        assert "File must be" not in page.inner_text("body")

        # On a Mac, Streamlit says ⌘+Enter for a text area, and so do we.
        from dashboards.chinese_chrome import MAC_CLASS, replacements

        page.add_init_script("Object.defineProperty(Navigator.prototype, 'platform', "
                             "{get: () => 'MacIntel'})")
        open_page(page, url, "sql", "查询语句")
        page.get_by_label("查询语句", exact=True).type("x")
        selector, words, _ = next(r for r in replacements() if MAC_CLASS in r[0])
        hint = page.locator(selector).first
        hint.wait_for(state="attached", timeout=10_000)
        assert "⌘" in hint.inner_text() and drawn_words(hint) == words == "按 ⌘+Enter 确认"
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_file_of_another_type_is_refused_in_chinese_and_kept(dashboard, page, tmp_path):
    url, home = dashboard
    other = tmp_path / "东湖镇_2025-03.pdf"
    other.write_bytes(b"%PDF-1.4 not a report")
    open_page(page, url, "submit", "选择报表文件")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(other))
    page.get_by_text("该文件将被拒收：不支持的文件格式“.pdf”").wait_for(timeout=30_000)
    assert (home / "inbox" / other.name).read_bytes() == other.read_bytes()
    (home / "inbox" / other.name).unlink()  # the module's dashboard serves other tests


def test_uploading_a_bad_file_shows_its_row_errors(dashboard, page, tmp_path):
    url, home = dashboard
    bad = write_xlsx(tmp_path / "城关街道_2025-03.xlsx", {"组建与会员": [
        ["填报单位：城关街道总工会"], ["报告期：2025-03"], UNIT_HEADER,
        [A, "甲公司", "城关街道", "企业", "非公", "十二", None, 5, None, "单独建会", "2020-05-01",
         "是", "是", "否"],
    ]})
    open_page(page, url, "submit", "上报")
    page.locator('input[type="file"]').first.set_input_files(str(bad))
    page.get_by_text("第4行 “职工人数” 值 “十二” 不是整数").first.wait_for(timeout=30_000)
    shoot(page, "upload-errors")
    assert (home / "inbox" / bad.name).exists()  # queued for the next load


@pytest.fixture(scope="module")
def secured_dashboard(tmp_path_factory):
    """The fixture warehouse behind a users file: 东湖镇 (S02) has a street user."""
    from orchestration.access import User, add_user

    home = tmp_path_factory.mktemp("secured-home")
    build_published_warehouse(home)
    add_user(home / "users.toml", User("analyst", "analyst"), "analyst-pass")
    add_user(home / "users.toml", User("donghu", "street", "东湖镇用户", street="S02"), "donghu-pass")
    process, url = serve(home)
    yield url
    process.terminate()
    process.wait(timeout=20)


def log_in(page, url: str, username: str, password: str) -> None:
    page.goto(f"{url}/?{PERIOD}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def test_with_a_users_file_nothing_is_served_before_login(secured_dashboard, page):
    page.goto(f"{secured_dashboard}/ranking?{PERIOD}")
    page.get_by_role("button", name="登录").wait_for(timeout=30_000)
    text = page.inner_text("body")
    assert "城关街道" not in text and "东湖镇" not in text and "排名" not in text
    log_in(page, secured_dashboard, "donghu", "wrong")
    page.get_by_text("用户名或密码错误").wait_for(timeout=20_000)
    shoot(page, "login-refused")


def test_street_user_sees_only_their_street(secured_dashboard, page):
    log_in(page, secured_dashboard, "donghu", "donghu-pass")
    page.get_by_text("截至3月底，东湖镇新建工会20家").first.wait_for(timeout=30_000)
    shoot(page, "street-user-overview")
    assert "城关街道" not in page.inner_text("body")
    page.get_by_role("link", name="街道排名").click()
    page.get_by_text("落后序时进度的街道：东湖镇").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    shoot(page, "street-user-ranking")
    assert "城关街道" not in page.inner_text("body")
    assert page.get_by_role("link", name="上报").count() == 0  # not a street user's page
    page.get_by_role("link", name="数据质量").click()
    page.get_by_text("数据质量检查结果涉及全区数据，仅区总工会分析员可见").wait_for(timeout=30_000)
    assert "城关街道" not in page.inner_text("body")
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录").wait_for(timeout=30_000)
    page.get_by_role("link", name="数据质量").wait_for(state="hidden", timeout=10_000)  # no links to nowhere
    shoot(page, "street-user-logged-out")


def test_before_any_data_a_bookmarked_page_says_so_in_chinese(tmp_path, page):
    process, url = serve(tmp_path / "empty-home")
    try:
        page.goto(f"{url}/quality")
        page.get_by_text("尚无数据：请先运行 unionkpi load 导入报表").first.wait_for(timeout=30_000)
        shoot(page, "empty-bookmark")
        assert "Page not found" not in page.inner_text("body")
        page.get_by_role("link", name="上报").click()
        page.get_by_text("空白模板").first.wait_for(timeout=30_000)
    finally:
        process.terminate()
        process.wait(timeout=20)
