"""DuckDB's error messages, said in Chinese for an analyst. DuckDB words its errors in
English ("Binder Error: Referenced column "yeer" not found ..."); the SQL page and
`unionkpi query` show this module's sentence first and DuckDB's own words under it
(they carry the caret under the place in the query).

Only the first line of a message is read; a message no rule knows gets a general
sentence, never a wrong one.
"""

from __future__ import annotations

import re

# (pattern over the first line, Chinese sentence: groups by name). The first match wins.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), s) for p, s in (
    (r'^Catalog Error: Table with name "(?P<name>[^"]+)" does not exist because schema "(?P<schema>[^"]+)" does not exist',
     "模式（schema）“{schema}”不存在：数据表都在 marts 下，如 marts.kpi_monthly"),
    (r'^Catalog Error: Table with name (?P<name>\S+) does not exist!',
     "表“{name}”不存在"),
    (r'^Catalog Error: (?:Scalar |Aggregate |Table )?Function with name (?P<name>\S+) does not exist!',
     "函数“{name}”不存在"),
    (r'^Catalog Error: Schema with name (?P<name>\S+) does not exist!',
     "模式（schema）“{name}”不存在"),
    (r'^Binder Error: Referenced column "(?P<name>[^"]+)" not found',
     "找不到列“{name}”"),
    (r'^Binder Error: Referenced table "(?P<name>[^"]+)" not found',
     "找不到表或别名“{name}”"),
    (r'^Binder Error: column "(?P<name>[^"]+)" must appear in the GROUP BY clause',
     "列“{name}”须写进 GROUP BY，或放在聚合函数（如 sum、max、any_value）中"),
    (r'^Binder Error: Ambiguous reference to column name "(?P<name>[^"]+)"',
     "列名“{name}”不明确：多个表都有此列，请加表名或别名限定"),
    (r'^Binder Error: No function matches the given name and argument types \'(?P<call>.+?)\'',
     "函数的参数类型不匹配：{call}，可能需要显式类型转换（CAST）"),
    (r'^Binder Error: Could not choose a best candidate function for the function call "(?P<call>.+?)"',
     "运算的参数类型不匹配：{call}，请用 CAST 明确类型"),
    (r'^Parser Error: syntax error at end of input',
     "语法错误：语句不完整"),
    (r'^Parser Error: syntax error at or near "(?P<near>[^"]*)"',
     "语法错误：在“{near}”附近"),
    (r'^Parser Error: unterminated (?:string literal|quoted)',
     "语法错误：引号未闭合"),
    (r'^Conversion Error: Could not convert string \'(?P<value>.*)\' to (?P<type>\S+)',
     "类型转换失败：文本“{value}”不能转为 {type}"),
    (r'^Conversion Error:',
     "类型转换失败"),
    (r'^Out of Range Error:',
     "数值超出范围"),
    (r'attached in read-only mode',
     "只允许只读查询：已发布的数据不能修改"),
    (r'Max expression depth limit',
     "查询嵌套过深（超过 1000 层），请简化查询"),
    (r'^Invalid Input Error:',
     "输入无效"),
    (r'^Out of Memory Error:',
     "内存不足：请缩小查询范围"),
))
_SUGGESTION = re.compile(r'^Did you mean "(?P<name>[^"]+)"\?', re.MULTILINE)
_CANDIDATES = re.compile(r'^Candidate bindings: (?P<names>.+)$', re.MULTILINE)


def explain(message: str) -> str:
    """A Chinese sentence for DuckDB's error message (with its suggestion, if any)."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    sentence = "数据库报告了错误"
    for pattern, template in _RULES:
        found = pattern.search(first)
        if found:
            sentence = template.format(**found.groupdict())
            break
    if sentence.startswith("找不到列") and not found["name"].isascii():
        # '东湖街道' in double quotes (or bare) names a column: text takes single quotes.
        sentence += f"；文本请用单引号，如 '{found['name']}'"
    suggestion = _SUGGESTION.search(message)
    if suggestion:
        return f"{sentence}；是否指“{suggestion['name']}”？"
    candidates = _CANDIDATES.search(message)
    if candidates:
        names = "、".join(n.strip().strip('"') for n in candidates["names"].split(","))
        return f"{sentence}；可用的相近列：{names}"
    return sentence
