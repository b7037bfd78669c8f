"""Streamlit's own words in Chinese. Streamlit has no Chinese for the text it draws itself
(the uploader's "Upload", "200MB per file", "Drag and drop a file here"; an input's
"Press Enter to apply"; the chart tool bar's "Fullscreen"): a style block, set by app.py
on every page, draws our words over them, finding each by Streamlit's test ids
(tests/test_browser.py checks that the browser draws ours, so a Streamlit upgrade that
moves them fails a test, not a clerk).
"""

from __future__ import annotations

from dashboards.uploads import dropzone_words

_ZONE = '[data-testid="stFileUploaderDropzone"]'
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
