"""月度通报: the chosen month's bulletin as ``unionkpi bulletin`` writes it — read on the
page and downloaded as PDF, Excel or Markdown, each file rendered only when its button
is pressed (a PDF takes a second or two).

Layout only: the bulletin from ``reporting.build_bulletin`` (which reads marts through
dashboards.queries and does no KPI arithmetic), its files from reporting.render_bulletin
(named and typed by dashboards.exports).
"""

from __future__ import annotations

import functools

import streamlit as st

from dashboards import exports
from dashboards import formatting as fmt
from dashboards.app_pages import selected_period
from reporting import BulletinUnavailable, build_bulletin, render_bulletin
from reporting.bulletin import default_issuer
from reporting.render_md import render_markdown
from reporting.render_pdf import CjkFontMissing, find_cjk_font

year, month = selected_period()
st.title(f"月度通报 · {fmt.period_label(year, month)}")

issuer = st.text_input("发文单位", value=default_issuer(), key="bulletin_issuer",
                       help="通报标题中的发文单位，如“某某区总工会”；留空则用默认值")
try:
    bulletin = build_bulletin(year, month, issuer=issuer)
except BulletinUnavailable as problem:
    st.info(str(problem), icon=":material/info:")
    st.stop()

try:
    find_cjk_font()
    no_pdf = None
except CjkFontMissing as problem:
    no_pdf = str(problem)

for column, (label, suffix, mime) in zip(st.columns(len(exports.BULLETIN_FORMATS)),
                                         exports.BULLETIN_FORMATS, strict=True):
    unavailable = no_pdf if suffix == ".pdf" else None
    column.download_button(
        f"下载 {label}", data=functools.partial(render_bulletin, bulletin, suffix),
        file_name=exports.bulletin_file_name(year, month, suffix), mime=mime,
        on_click="ignore", icon=":material/download:", disabled=unavailable is not None,
        help=unavailable, key=f"bulletin_{suffix[1:]}", width="stretch")
if no_pdf:
    st.caption(no_pdf)

st.caption("通报按全区编写，不随侧栏的“街道”变化；下载的文件与命令 unionkpi bulletin 生成的相同。")
with st.container(border=True):
    st.markdown(render_markdown(bulletin, top_level=2))
