"""Unified social credit codes (统一社会信用代码, GB 32100-2015) that pass every check.

A code is: registration authority (1) + organisation category (1) + region (6) +
organisation code (9, itself ending in a GB 11714 check character) + check character (1).
"""

from __future__ import annotations

import random

from ingestion.normalize import CODE_CHARS, credit_code_check_char, is_valid_credit_code

# Registration authority + category: what kind of body the code names.
ENTERPRISE = "91"  # 工商 · 企业
COOPERATIVE = "93"  # 工商 · 农民专业合作社
GOVERNMENT_AGENCY = "11"  # 机构编制 · 机关
PUBLIC_INSTITUTION = "12"  # 机构编制 · 事业单位
SOCIAL_ASSOCIATION = "51"  # 民政 · 社会团体
PRIVATE_NONPROFIT = "52"  # 民政 · 民办非企业单位
TRADE_UNION = "81"  # 工会

DISTRICT_REGION = "330118"  # the sample district (临湖区)
CITY_REGION = "330100"  # its city (江州市), where larger companies register

_ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Characters GB 32100 allows in the organisation code body (no I, O, S, V, Z).
_NEW_STYLE_CHARS = CODE_CHARS


def org_code_check_char(body8: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(_char_value(c) * w for c, w in zip(body8, _ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _char_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def credit_code(prefix: str, region: str, org_body: str) -> str:
    first17 = prefix + region + org_body + org_code_check_char(org_body)
    return first17 + credit_code_check_char(first17)


class CodeFactory:
    """Hands out distinct valid codes, reproducibly from its random source."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._used: set[str] = set()

    def new(self, prefix: str, region: str = DISTRICT_REGION, new_style: bool = True) -> str:
        """new_style: registered after 2015 ('MA' bodies); else an old numeric org code."""
        while True:
            if new_style:
                body = "MA" + "".join(self._rng.choice(_NEW_STYLE_CHARS) for _ in range(6))
            else:
                body = "".join(self._rng.choice("0123456789") for _ in range(8))
            code = credit_code(prefix, region, body)
            if code not in self._used:
                self._used.add(code)
                return code


def is_all_digits(code: str) -> bool:
    """Such a code, typed into a number cell, loses its last digits (a planted error)."""
    return code.isdigit()


def corrupt(code: str, rng: random.Random) -> str:
    """A typo: two neighbouring body characters swapped, so the check character fails."""
    chars = list(code)
    for _ in range(50):
        i = rng.randrange(8, 16)
        if chars[i] != chars[i + 1]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            if not is_valid_credit_code("".join(chars)):
                return "".join(chars)
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    # Fall back to a wrong check character.
    wrong = next(c for c in "0123456789" if c != code[-1])
    return code[:-1] + wrong
