"""Streamlit's own words in Chinese. Streamlit has no Chinese for the text it draws itself
(the uploader's "Upload", "200MB per file", "Drag and drop a file here"; an input's
"Press Enter to apply"; the chart tool bar's "Fullscreen"): a style block, set by app.py
on every page, draws our words over them, finding each by Streamlit's test ids
(tests/test_browser.py checks that the browser draws ours, so a Streamlit upgrade that
moves them fails a test, not a clerk).

The words that come and go (a table's tool bar tips, its column menu, the uploader's
refusal of a file over the server's limit) are swapped by a small script instead: it
watches the page and replaces Streamlit's exact English texts, only inside the places
Streamlit draws them (so no data or user text is ever touched).
"""

from __future__ import annotations

import json
import re

from dashboards.uploads import dropzone_words

_ZONE = '[data-testid="stFileUploaderDropzone"]'
MAC_CLASS = "unionkpi-mac"
_SMALL, _TINY = "0.875rem", "0.75rem"  # Streamlit's sizes for these texts


def replacements() -> tuple[tuple[str, str, str], ...]:
    """(CSS selector of Streamlit's text, our words, font size)."""
    button, hint = dropzone_words()
    return (
        (f'{_ZONE} [data-testid="stBaseButton-secondary"] p', button, _SMALL),
        (f'{_ZONE} [data-testid="stFileUploaderDropzoneInstructions"] span', hint, _SMALL),
        (f"{_ZONE} > div:not([data-testid]) > span", "松开鼠标即可上传", _SMALL),  # dragging
        # The first span only: a character counter (max_chars) would follow it.
        ('[data-testid="stTextInput"] [data-testid="InputInstructions"] span:first-child',
         "按回车键确认", _TINY),
        ('[data-testid="stTextArea"] [data-testid="InputInstructions"] span:first-child',
         "按 Ctrl+Enter 确认", _TINY),
        # On a Mac Streamlit names ⌘ (the script marks the page, as Streamlit tests, by
        # navigator.platform).
        (f'body.{MAC_CLASS} [data-testid="stTextArea"] [data-testid="InputInstructions"] '
         'span:first-child', "按 ⌘+Enter 确认", _TINY),
    )


#: Tips drawn from an attribute by CSS (Plotly's tool bar: the one button Streamlit adds
#: there; Plotly's own take their words from charts.PLOTLY_CONFIG): (selector, words).
TIPS = (('.js-plotly-plot .plotly .modebar-btn[data-title="Fullscreen"]', "全屏"),
        ('.js-plotly-plot .plotly .modebar-btn[data-title="Close fullscreen"]', "退出全屏"))


def style() -> str:
    """The style block: each of Streamlit's texts drawn at size 0, ours after it; each
    tip's words in place of its attribute's."""
    # white-space: Streamlit cuts its one-line hint with an ellipsis, drawn at size 0 too.
    rules = "".join(f'{selector} {{font-size: 0; white-space: normal}} '
                    f'{selector}::after {{content: "{words}"; font-size: {size}}} '
                    for selector, words, size in replacements())
    rules += "".join(f'{selector}::after {{content: "{words}" !important}} ' for selector, words in TIPS)
    return f"<style>{rules}</style>"


#: Streamlit's English (exact texts) -> ours: tables' tool bar, column menu and search
#: box; select boxes; the uploader's refusal; the app menu.
WORDS = {
    # tool bar (tips, and the buttons' aria-labels, which may add ": <table>")
    "Download as CSV": "下载为 CSV", "Search": "搜索", "Fullscreen": "全屏",
    "Close fullscreen": "退出全屏", "Show/hide columns": "显示/隐藏列",
    "Clear selection": "清除选择", "Type to search": "输入关键字搜索",
    # column menu
    "Sort ascending": "升序排列", "Sort descending": "降序排列", "Format": "数字格式",
    "Autosize": "自动列宽", "Pin column": "固定列", "Unpin column": "取消固定",
    "Hide column": "隐藏列", "Copy column name": "复制列名", "Statistics": "统计",
    "Dataframe column menu": "列菜单", "Select all": "全选", "(index)": "（行序号）",
    "Automatic": "自动", "Localized": "本地格式", "Plain": "普通", "Compact": "紧凑",
    "Percent": "百分比", "Scientific": "科学计数", "Accounting": "会计",
    "Sum": "合计", "Average": "平均值", "Median": "中位数", "Minimum": "最小值",
    "Maximum": "最大值", "Standard deviation": "标准差", "Distinct": "不同值",
    "Empty": "空值", "Values": "值", "Range": "范围", "Based on sample": "基于抽样",
    "Minimum length": "最短长度", "Maximum length": "最长长度", "Average length": "平均长度",
    # select boxes (shown when nothing is chosen)
    "Choose an option": "请选择", "Choose options": "请选择",
    # the uploader's refusal, for screen readers ("Error: " then the reason)
    "Error:": "错误：",
    # a bookmark to a page that is not there
    "Page not found": "页面不存在",
    "The page that you have requested does not seem to exist. Running the app's main page.":
        "您打开的页面不存在，已转到首页。",
    # the app menu (top right)
    "System": "跟随系统", "Light": "浅色", "Dark": "深色", "Print": "打印",
    "Record screen": "录制屏幕", "Stop recording": "停止录制",
}
#: Texts with a variable part: (JavaScript regular expression, replacement).
PATTERNS = ((r"^File must be (.+) or smaller\.$", "文件超过 $1（服务器上限），未能上传。"),
            (r"^Made with Streamlit (.+)$", "基于 Streamlit $1"),
            (r"^You have requested page /(.*), but no corresponding file was found .*$",
             "页面“$1”不存在，已转到首页。"))
#: Where Streamlit draws those words (tips and menus float in layers of their own).
PLACES = ('[data-testid="stTooltipContent"]', '[data-testid="stTooltipErrorContent"]', '[role="menu"]',
          '[data-testid="stElementToolbar"]', '[data-testid="stDataFrame"]',
          '[data-testid="stDataFrameStatisticsMetrics"] dt',  # the labels, not the values
          # "Select all" and the index, not the column names after them
          '[data-testid="stDataFrameColumnVisibilityMenu"] > div > label',
          '[data-testid="stDataFrameColumnVisibilityMenu"] > div > div > label:first-child',
          '[data-testid="stSelectbox"]', '[data-testid="stMultiSelect"]',
          '[data-testid="stFileChip"]', '[data-testid="stMainMenuPopover"]', '[role="dialog"]')

_SCRIPT = """
(() => {
  if (window.__unionkpiWords) return;  // once per page, not per rerun
  const words = %(words)s, patterns = %(patterns)s.map(([p, r]) => [new RegExp(p), r]);
  const places = %(places)s.join(",");
  window.__unionkpiWords = words;
  if (/Mac/i.test(navigator.platform)) document.body.classList.add(%(mac)s);
  const ours = (text) => {
    const key = text.trim();
    if (words[key]) return text.replace(key, words[key]);
    const colon = key.indexOf(": ");  // an aria-label "Download as CSV: (the table)"
    if (colon > 0 && words[key.slice(0, colon)]) return words[key.slice(0, colon)] + key.slice(colon);
    for (const [pattern, replacement] of patterns)
      if (pattern.test(key)) return key.replace(pattern, replacement);
    return null;
  };
  const inPlace = (element) => element && element.closest && element.closest(places);
  const swapText = (node) => {
    // (not in a table: a grid's cells are drawn on a canvas and copied into a hidden
    // table for screen readers; its texts are data)
    if (!inPlace(node.parentElement) || node.parentElement.closest("table")) return;
    const text = ours(node.nodeValue);
    if (text !== null && text !== node.nodeValue) node.nodeValue = text;
  };
  const swapAttributes = (element) => {
    for (const name of ["aria-label", "placeholder", "title"]) {
      const value = element.getAttribute(name);
      const text = value && ours(value);
      if (text && text !== value) element.setAttribute(name, text);
    }
  };
  const swap = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return swapText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (inPlace(root)) swapAttributes(root);
    if (!root.querySelector || !(inPlace(root) || root.querySelector(places))) return;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) swapText(node);
      else if (inPlace(node)) swapAttributes(node);
    }
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "childList") change.addedNodes.forEach(swap);
      else if (change.type === "characterData") swapText(change.target);
      else if (inPlace(change.target)) swapAttributes(change.target);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true,
                             attributes: true, attributeFilter: ["aria-label", "placeholder", "title"]});
  swap(document.body);
})();
"""


def script() -> str:
    """The script that swaps WORDS and PATTERNS inside PLACES as Streamlit draws them."""
    body = _SCRIPT % {
        "words": json.dumps(WORDS, ensure_ascii=False),
        "patterns": json.dumps([list(p) for p in PATTERNS]),
        "places": json.dumps(list(PLACES)),
        "mac": json.dumps(MAC_CLASS),
    }
    # st.html's sanitizer drops a script whose text holds "<" and a letter (it could be
    # markup in disguise): none may.
    assert not re.search(r"<[/\w!]", body), "a '<' in the words script"
    return f"<script>{body}</script>"
