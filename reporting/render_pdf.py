"""The bulletin as an A4 PDF (fpdf2) with an embedded Chinese font.

The font is found at run time (``find_cjk_font``), in this order:

1. ``UNIONKPI_CJK_FONT``: a .ttf/.otf/.ttc file (for a .ttc, the face whose family is
   a Simplified Chinese one, else its first face);
2. the fonts fontconfig knows for Chinese (``fc-list :lang=zh``), preferring Noto Sans
   CJK SC — Debian's ``fonts-noto-cjk`` ships it as a TrueType collection (.ttc), which
   fpdf2 reads with ``collection_font_number``;
3. without fontconfig, the usual font folders, searched for the same families.

None found: ``CjkFontMissing``, whose Chinese message names the Debian package to
install. fpdf2 embeds a subset of the font (only the glyphs used).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace

from reporting.bulletin import Bulletin, Paragraph, Table

FONT_ENV = "UNIONKPI_CJK_FONT"
FONT_PACKAGE = "fonts-noto-cjk"
#: Families in order of preference (fontconfig's names; the first is Debian's default).
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
    "AR PL UKai CN",
)
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path.home() / ".fonts")
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
#: Characters every bulletin prints; a font lacking any of them is not used.
PROBE_TEXT = "区总工会通报截至月底全区新建完成年度目标序时进度个百分点街道镇（）：、。％—"

FAMILY = "cjk"
INK = (33, 33, 33)
GREY = (110, 110, 110)
HEADER_FILL = (238, 238, 238)
#: Table columns at most this wide (mm) are not shrunk to fit the page: long texts wrap
#: in the wide columns instead.
SHORT_COLUMN_MM = 26


class CjkFontMissing(RuntimeError):
    """No usable Chinese font; the message (Chinese) says what to install."""


@dataclass(frozen=True)
class FontFile:
    path: Path
    index: int = 0  # the face in a .ttc collection
    family: str = ""


@dataclass(frozen=True)
class CjkFont:
    regular: FontFile
    bold: FontFile | None  # None: bold text is set in the regular face

    @property
    def description(self) -> str:
        return f"{self.regular.family or self.regular.path.name}（{self.regular.path}）"


def missing_font_message() -> str:
    return (f"找不到可用的中文字体，无法生成 PDF。请安装 Debian 软件包 {FONT_PACKAGE}"
            f"（sudo apt-get install {FONT_PACKAGE}），或把环境变量 {FONT_ENV} "
            "设为一个中文字体文件（.ttf、.otf 或 .ttc）的路径。")


def find_cjk_font() -> CjkFont:
    """The Chinese font for the PDF (see the module doc); ``CjkFontMissing`` if none."""
    return _find_cjk_font(os.environ.get(FONT_ENV, "").strip())


@lru_cache(maxsize=4)
def _find_cjk_font(configured: str) -> CjkFont:
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise CjkFontMissing(f"环境变量 {FONT_ENV} 指向的字体文件不存在：{path}")
        face = _best_face(path)
        if face is None:
            raise CjkFontMissing(f"环境变量 {FONT_ENV} 指向的字体不含中文字形：{path}")
        return CjkFont(face, None)
    candidates = _fontconfig_faces() or _scan_font_dirs()
    for family in PREFERRED_FAMILIES:
        regular = _pick(candidates, family, bold=False)
        if regular is not None and _covers(regular):
            return CjkFont(regular, _pick(candidates, family, bold=True))
    for face in candidates:  # any other font fontconfig says covers Chinese
        if not face.bold and _covers(face.file):
            return CjkFont(face.file, None)
    raise CjkFontMissing(missing_font_message())


@dataclass(frozen=True)
class _Face:
    file: FontFile
    bold: bool


def _pick(faces: list[_Face], family: str, bold: bool) -> FontFile | None:
    for face in faces:
        if face.file.family == family and face.bold == bold:
            return face.file
    return None


def _fontconfig_faces() -> list[_Face]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "--format", "%{file}|%{index}|%{family[0]}|%{weight}\n"],
            capture_output=True, text=True, timeout=20, check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) != 4 or not parts[0].lower().endswith(FONT_SUFFIXES):
            continue
        try:
            index, weight = int(parts[1] or 0), float(parts[3] or 80)
        except ValueError:
            continue
        # fontconfig weights: 80 regular, 200 bold; light and medium faces are neither.
        if weight not in (80, 200):
            continue
        faces.append(_Face(FontFile(Path(parts[0]), index, parts[2]), bold=weight == 200))
    return sorted(faces, key=lambda f: (str(f.file.path), f.file.index))


def _scan_font_dirs() -> list[_Face]:
    """Faces of the font files in the usual folders (no fontconfig), read with fontTools."""
    faces: list[_Face] = []
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() in FONT_SUFFIXES and any(
                    key in path.name.lower() for key in ("cjk", "han", "wqy", "wenquanyi", "droid", "ukai", "uming")):
                faces += [_Face(FontFile(path, i, fam), bold) for i, fam, bold in _faces_of(path)]
    return faces


def _faces_of(path: Path) -> list[tuple[int, str, bool]]:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except Exception:  # noqa: BLE001 - an unreadable font file is just skipped
        return []
    out = []
    for i, font in enumerate(fonts):
        name = font["name"]
        family = str(name.getDebugName(1) or "")
        style = str(name.getDebugName(2) or "").lower()
        if style in ("regular", "bold"):
            out.append((i, family, style == "bold"))
    return out


def _best_face(path: Path) -> FontFile | None:
    """For a configured file: its Simplified Chinese face, else the first that covers
    Chinese."""
    faces = _faces_of(path) or [(0, "", False)]
    ordered = sorted(faces, key=lambda f: (not any(t in f[1] for t in ("SC", "CN", "GB")), f[2], f[0]))
    for index, family, _ in ordered:
        face = FontFile(path, index, family)
        if _covers(face):
            return face
    return None


@lru_cache(maxsize=16)
def _covers(face: FontFile) -> bool:
    """Whether the face has a glyph for every character of ``PROBE_TEXT``."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(str(face.path), fontNumber=face.index, lazy=True)
        cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001
        return False
    return all(ord(ch) in cmap for ch in PROBE_TEXT)


# --------------------------------------------------------------------------- the document


class _BulletinPDF(FPDF):
    def __init__(self, bulletin: Bulletin) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.bulletin = bulletin
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=18)
        self.set_title(bulletin.title)
        self.set_author(bulletin.issuer)
        self.set_creator("unionkpi")
        self.set_lang("zh-CN")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FAMILY, "", 9)
        self.set_text_color(*GREY)
        self.cell(0, 6, f"第 {self.page_no()} 页 / 共 {{nb}} 页", align="C")


def pdf_bytes(bulletin: Bulletin, font: CjkFont | None = None) -> bytes:
    """The bulletin as PDF bytes; ``CjkFontMissing`` when no Chinese font is found."""
    font = font or find_cjk_font()
    pdf = _BulletinPDF(bulletin)
    pdf.add_font(FAMILY, "", str(font.regular.path), collection_font_number=font.regular.index)
    bold = font.bold or font.regular
    pdf.add_font(FAMILY, "B", str(bold.path), collection_font_number=bold.index)
    pdf.add_page()

    pdf.set_text_color(*INK)
    pdf.set_font(FAMILY, "B", 17)
    _centered(pdf, bulletin.title, 10)
    pdf.ln(4)
    _body(pdf, bulletin.intro)
    for section in bulletin.sections:
        pdf.ln(2)
        _keep_with_next(pdf)
        pdf.set_font(FAMILY, "B", 13)
        pdf.multi_cell(0, 8, section.heading, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(pdf, block)
            elif isinstance(block, Paragraph) and block.kind == "subheading":
                _keep_with_next(pdf)
                pdf.set_font(FAMILY, "B", 11)
                _lines(pdf, block.text, 7)
            else:
                _body(pdf, block.text)
    if bulletin.notes:
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(*GREY)
        pdf.multi_cell(0, 6, "说明：", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FAMILY, "", 9.5)
        for i, note in enumerate(bulletin.notes, start=1):
            _lines(pdf, f"{i}. {note}", 5.5)
        pdf.set_text_color(*INK)
    pdf.ln(8)
    pdf.set_font(FAMILY, "", 11)
    for line in (bulletin.issuer, bulletin.issued_on_text):
        pdf.cell(0, 7, line, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


def write_pdf(bulletin: Bulletin, path: str | Path, font: CjkFont | None = None) -> Path:
    path = Path(path)
    path.write_bytes(pdf_bytes(bulletin, font))
    return path


def _body(pdf: FPDF, text: str) -> None:
    pdf.set_font(FAMILY, "", 11)
    # Chinese paragraphs open with a two-character indent (two ideographic spaces).
    _lines(pdf, "\u3000\u3000" + text, 7, justify=True)
    pdf.ln(1)


def _centered(pdf: FPDF, text: str, height: float) -> None:
    for line in wrap_text(pdf, text, pdf.epw, hang=False):
        pdf.cell(0, height, line, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _lines(pdf: FPDF, text: str, height: float, justify: bool = False) -> None:
    """Text wrapped by ``wrap_text`` across the page, one cell a line; with ``justify``
    every line but the last is spread to the right margin, as Chinese text is set."""
    lines = wrap_text(pdf, text, pdf.epw)
    for i, line in enumerate(lines):
        spacing = 0.0
        if justify and i < len(lines) - 1 and len(line) > 1:
            spacing = (pdf.epw - pdf.get_string_width(line)) / (len(line) - 1)
            spacing = spacing if 0 < spacing < 1.5 else 0.0
        pdf.set_char_spacing(spacing)
        pdf.cell(0, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_char_spacing(0)


#: A run of Latin letters, digits and their punctuation is kept whole ('98.3%',
#: '2,595', '2026-10.xlsx'); every other character is a place to break.
_TOKEN = re.compile(r"[0-9A-Za-z.,:%+\-_/()@#&=]+|.", re.S)
#: Not at the start of a line (they hang in the margin instead).
_NO_LINE_START = set("。，、；：？！）」』】》〉”’%．,.;:!?)")
#: Not at the end of a line (they move down with what they open).
_NO_LINE_END = set("（「『【《〈“‘(")


def wrap_text(pdf: FPDF, text: str, width: float, hang: bool = True) -> list[str]:
    """``text`` broken into lines of at most ``width`` (in the current font), by the
    rules of Chinese text: closing punctuation never starts a line (it hangs past the
    edge, or without ``hang`` takes the character before it along), opening punctuation
    never ends one, and numbers and Latin words are not split unless longer than a
    line. Explicit newlines are kept."""
    out: list[str] = []
    for paragraph in str(text).split("\n"):
        out += _wrap_paragraph(pdf, paragraph, width, hang)
    return out


def _wrap_paragraph(pdf: FPDF, text: str, width: float, hang: bool) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _TOKEN.findall(text):
        if pdf.get_string_width(line + token) <= width or not line:
            if pdf.get_string_width(token) > width:  # longer than a line: split it
                for ch in token:
                    if line and pdf.get_string_width(line + ch) > width:
                        lines.append(line)
                        line = ""
                    line += ch
            else:
                line += token
            continue
        carry = ""
        if token in _NO_LINE_START:
            if hang:
                line += token  # hanging punctuation
                continue
            if len(line) > 1:  # the character before moves down with it
                carry, line = line[-1], line[:-1]
        while line and line[-1] in _NO_LINE_END:
            carry, line = line[-1] + carry, line[:-1]
        if line:
            lines.append(line)
        line = carry + token
    if line or not lines:
        lines.append(line)
    return lines


def _keep_with_next(pdf: FPDF, space: float = 35) -> None:
    """A heading (or a table's title) starts a new page rather than end one alone."""
    if pdf.will_page_break(space):
        pdf.add_page()


def _table(pdf: FPDF, table: Table) -> None:
    pdf.ln(1)
    _keep_with_next(pdf, 25)
    pdf.set_font(FAMILY, "B", 10)
    _centered(pdf, table.title, 6)
    size = 9 if len(table.columns) <= 7 else 7.5
    pdf.set_font(FAMILY, "", size)
    if not table.rows:
        pdf.multi_cell(0, 6, table.empty_text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        return
    padding = 1.2
    widths = _column_widths(pdf, table, padding)
    # fpdf2 wraps cell text itself, but not by the rules of Chinese text: wrap first
    # (a little narrower, so its own wrapping never has to act).
    inner_widths = [w - 2 * padding - 0.4 for w in widths]
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align=tuple({"L": "LEFT", "C": "CENTER", "R": "RIGHT"}.get(a, "LEFT") for a in table.aligns),
        headings_style=FontFace(family=FAMILY, emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=size * 0.55,
        padding=(0.8, padding),
        wrapmode=WrapMode.CHAR,
        cell_fill_mode=TableCellFillMode.NONE,
        repeat_headings=1,
    ) as grid:
        head = grid.row()
        for column, inner in zip(table.columns, inner_widths, strict=True):
            head.cell("\n".join(wrap_text(pdf, column, inner, hang=False)), align="CENTER")
        for cells in table.rows:
            row = grid.row()
            for cell, inner in zip(cells, inner_widths, strict=False):
                row.cell("\n".join(wrap_text(pdf, cell.text, inner, hang=False)))
    pdf.ln(3)


def _column_widths(pdf: FPDF, table: Table, padding: float) -> tuple[float, ...]:
    """Column widths in mm filling the page: each column's natural width (its widest
    text, capped at a quarter of the page); when they are too wide together, the wide
    columns shrink, never below their header's widest two characters (a column that
    cannot hold one character would make fpdf2 loop forever)."""
    epw = pdf.epw
    natural, least = [], []
    for c, column in enumerate(table.columns):
        texts = [column] + [row[c].text for row in table.rows]
        widest = max(pdf.get_string_width(t) for t in texts) + 2 * padding + 0.5
        natural.append(min(widest, epw / 4))
        if natural[-1] <= SHORT_COLUMN_MM:  # dates, numbers, names: kept on one line
            least.append(natural[-1])
            continue
        two_chars = max(pdf.get_string_width(column[i:i + 2]) for i in range(0, max(len(column), 1), 2))
        least.append(min(natural[-1], two_chars + 2 * padding + 0.5))
    total = sum(natural)
    if total <= epw:
        return tuple(w * epw / total for w in natural)
    spare = sum(n - m for n, m in zip(natural, least, strict=True))
    excess = total - epw
    if spare <= excess:  # cannot fit: the least widths, scaled (the best there is)
        return tuple(m * epw / sum(least) for m in least)
    return tuple(n - (n - m) * excess / spare for n, m in zip(natural, least, strict=True))
