"""Normalised text that remembers where every character came from.

Label matching runs on a normalised form (NFKC width folding, case folding, traditional -> simplified
for common characters, hyphens and slashes as spaces, one space between words), but evidence spans must
point into the text the user sent, so each output character keeps the offset of its input character.
The common case is a one-to-one `str.translate` where only runs of spaces change length, so offsets are
cheap; other characters (ligatures, compatibility forms) take a per-character path. English plurals are
handled on the label side (each label is indexed in singular and plural forms), which keeps the text
pass free of per-word Python work.

Traditional -> simplified uses a small built-in table of characters common in technical writing
(no OpenCC: the house rules allow no new package). Characters outside the table pass through unchanged.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from greentaxo.text import _singular

# pairs written as two aligned strings: traditional[i] -> simplified[i]
_TRAD = ("電網儲氣熱爐發動機車輛節約環綠碳礦鋼鐵鋁銅鋅鎳鈷鋰鈉釩鉻鉛鈣鈦礦臨風電場風機機組燃燒煤氣氫"
         "廢棄處理淨汙污監測測量標準質量檢驗開關變壓器輸配電線纜網絡數據雲計算設備裝置系統術術語"
         "業產廠製造復興資源迴收収協調區域體積層級態產權貿易價格稅營運輸運載貨物軌鐵路橋樑隧覆蓋"
         "濕潤濾膜脫硫脫硝塵應溫壓縮縮減淨零碳匯種樹林業態護養殖漁業農藥肥料灌溉澆農機從與對這為"
         "們個樣說話時間後來過還進選擇學習實驗實現經濟傳統現場組織關聯結構專門總體積極圖書館點擊"
         "換熱泵們頭條鍋窯燈閥動態轉換變頻調節儀錶錶顯示試驗計劃規劃劃線統計報導報告單證書認證審核"
         "灣臺車輪船艦飛機場島嶼蓄電池礦渣鍍層塗裝噴霧離醫藥療軟體銀貸險")
_SIMP = ("电网储气热炉发动机车辆节约环绿碳矿钢铁铝铜锌镍钴锂钠钒铬铅钙钛矿临风电场风机机组燃烧煤气氢"
         "废弃处理净污污监测测量标准质量检验开关变压器输配电线缆网络数据云计算设备装置系统术术语"
         "业产厂制造复兴资源回收收协调区域体积层级态产权贸易价格税营运输运载货物轨铁路桥梁隧覆盖"
         "湿润滤膜脱硫脱硝尘应温压缩缩减净零碳汇种树林业态护养殖渔业农药肥料灌溉浇农机从与对这为"
         "们个样说话时间后来过还进选择学习实验实现经济传统现场组织关联结构专门总体积极图书馆点击"
         "换热泵们头条锅窑灯阀动态转换变频调节仪表表显示试验计划规划划线统计报导报告单证书认证审核"
         "湾台车轮船舰飞机场岛屿蓄电池矿渣镀层涂装喷雾离医药疗软体银贷险")
assert len(_TRAD) == len(_SIMP), "traditional/simplified table out of step"
TRAD_TO_SIMP = {t: s for t, s in zip(_TRAD, _SIMP, strict=True) if t != s}


def is_word(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("0" <= ch <= "9")


@lru_cache(maxsize=4096)
def _fold(ch: str) -> str:
    out = unicodedata.normalize("NFKC", ch).casefold()
    if out in ("-", "_", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "/"):
        return " "
    if out.isspace():
        return " "
    return "".join(TRAD_TO_SIMP.get(c, c) for c in out)


@dataclass
class NormText:
    """`text` is the normalised string; `offsets[i]` is the input offset of text[i]."""

    text: str
    offsets: list[int] | range
    raw: str = ""

    @property
    def words(self) -> list[str]:
        """Latin words of the normalised text, plural-folded; computed once, shared by the n-gram model
        and the word-set label matcher."""
        w = self.__dict__.get("_words")
        if w is None:
            w = self.__dict__["_words"] = latin_words(self.text)
        return w

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Input offsets (start, end) of the normalised slice text[start:end].

        A match that ends on a singularised word covers the whole input word ("Heat Pumps", not "Heat Pump").
        """
        s, e = self.offsets[start], self.offsets[end - 1] + 1
        if is_word(self.text[end - 1]) and (end == len(self.text) or not is_word(self.text[end])):
            stop = self.offsets[end] if end < len(self.offsets) else len(self.raw)
            while e < stop and self.raw[e].isalpha():
                e += 1
        return s, e


def _fast_table() -> dict[int, str]:
    table = {ord(c): c.lower() for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    for cp in range(0xFF01, 0xFF5F):                   # full-width ASCII -> ASCII
        table[cp] = chr(cp - 0xFEE0).lower()
    for ch in "-_/\u2010\u2011\u2012\u2013\u2014\u3000\t\n\r\f\v\xa0":
        table[ord(ch)] = " "
    table[0xFF0D] = " "                                # full-width hyphen
    table[0xFF0F] = " "                                # full-width slash
    table.update({ord(t): s for t, s in TRAD_TO_SIMP.items()})
    return table


# a tuple indexed by code point: str.translate looks it up by index, several times faster than a dict
_FAST_DICT = _fast_table()
_FAST = tuple(_FAST_DICT.get(cp, chr(cp)) for cp in range(0x10000))


def _fast_ok(s: str) -> bool:
    return s.isascii() or (unicodedata.is_normalized("NFKC", s) and s == s.casefold())


def fold(raw: str) -> str:
    """The normalised text without offsets (for the n-gram model): same folding as the label matcher."""
    s = raw.translate(_FAST)
    if not _fast_ok(s):
        s = unicodedata.normalize("NFKC", s).casefold().translate(_FAST)
    return s
_SPACES = re.compile(r" {2,}")


def normalise_with_offsets(raw: str) -> NormText:
    s = raw.translate(_FAST)
    if not _fast_ok(s):
        return _slow(raw)
    if "  " not in s:
        text = s.strip(" ")
        lead = len(s) - len(s.lstrip(" "))
        return NormText(text, range(lead, lead + len(text)), raw)
    pieces: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _SPACES.finditer(s):
        a, b = m.span()
        pieces.append(s[pos:a + 1])
        offs.extend(range(pos, a + 1))
        pos = b
    pieces.append(s[pos:])
    offs.extend(range(pos, len(s)))
    text = "".join(pieces)
    lead = len(text) - len(text.lstrip(" "))
    text = text.strip(" ")
    return NormText(text, offs[lead:lead + len(text)], raw)


def _slow(raw: str) -> NormText:
    chars: list[str] = []
    offs: list[int] = []
    for i, ch in enumerate(raw):
        for c in _fold(ch):
            if c == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(c)
            offs.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        offs.pop()
    return NormText("".join(chars), offs, raw)


# the same plural folding as label search (greentaxo.text), so both treat "batteries" alike; memoised,
# because the n-gram model and the word-set label matcher call it for every English word
singular = lru_cache(maxsize=100_000)(_singular)

# a Latin word: what `latin_words` returns, one per match, so token positions and spans line up
TOKEN = re.compile(r"[a-z0-9]+")


# bytes -> themselves for a-z and 0-9, a space for every other byte
_WORD_BYTES = bytes(b if (97 <= b <= 122 or 48 <= b <= 57) else 32 for b in range(256))


def latin_words(folded: str) -> list[str]:
    """Runs of Latin letters and digits in folded text, plural-folded: the tokens of `TOKEN`, found 2.5-5x
    faster than by the regex on Chinese text (which `re` walks character by character): one C-level pass
    encodes every non-ASCII character as "?", one turns every byte that is not a letter or digit into a
    space, and split() does the rest."""
    return list(map(singular, folded.encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii").split()))


# English function words: no meaning of their own for the word features and word-set label matching
STOPWORDS = frozenset("""a an and are as at be by for from has have in into is it its of on or that the their this to
was were which with within not other than such these those may can also used use using""".split())


def plural(word: str) -> str:
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


# British -> American spellings of technical English, so that a label written one way ("flue gas
# desulphurisation", "tyre", "fibre", "electrolyser") also finds patents written the other. Labels only: a
# variant is one more index entry, so a wrong one ("noize") costs nothing, and the text keeps its offsets.
_SPELLINGS = [(re.compile(p), r) for p, r in (
    (r"sulph", "sulf"),
    (r"(?<=[a-z]{3})is(ation|e|ed|es|er|ers|ing)\b", r"iz\1"),
    (r"(?<=[a-z]{2})ys(e|ed|es|er|ers|ing)\b", r"yz\1"),
    (r"\b(fib|cent|lit|met|kilomet|calib)re(s?)\b", r"\1er\2"),
    (r"\b(col|vap|harb|behavi|od|flav|lab)our(s?)\b", r"\1or\2"),
    (r"\btyre", "tire"), (r"aluminium", "aluminum"), (r"\bgrey\b", "gray"), (r"\bmould", "mold"),
    (r"\bageing\b", "aging"), (r"programme", "program"), (r"catalogue", "catalog"), (r"defence", "defense"),
    (r"(fuel|model|label|travel|signal|channel|level|tunnel|cancel)l(ed|ing|er|ers)\b", r"\1\2"),
)]


def spellings(norm: str) -> set[str]:
    """`norm`, its American spelling, and the mixed forms one rule apart from either: much technical English
    mixes the two ("flue gas desulphurization", "desulfurisation")."""
    def apply(rules) -> str:
        out = norm
        for pattern, repl in rules:
            out = pattern.sub(repl, out)
        return out
    rules = [r for r in _SPELLINGS if r[0].search(norm)]       # the few that apply (most labels: none)
    forms = {norm, apply(rules)}
    if len(rules) > 1:
        for i in range(len(rules)):
            forms |= {apply(rules[i:i + 1]), apply(rules[:i] + rules[i + 1:])}
    return forms


def variants(norm: str) -> set[str]:
    """A normalised label in singular and plural forms of its last English word, each also in American
    spelling."""
    out = set()
    for form in spellings(norm):
        out.add(form)
        m = re.search(r"[a-z]+$", form)
        if m and len(m.group(0)) > 2:
            head, word = form[:m.start()], m.group(0)
            sing = singular(word)
            out |= {head + sing, head + plural(sing)}
    return out


def normalise_label(label: str) -> str:
    return normalise_with_offsets(label).text


# A bracketed exclusion names what the text is *not* about: "甲醇（天然气制甲醇工艺...除外）" (the MEE list's polluting
# product, except when made by the cleaner process), "高效照明产品（不包括含汞灯具）". Its words must not support a route.
# Raw text has full-width brackets, normalised text ASCII ones: the pattern takes both.
_EXCLUSION = re.compile(r"[(（](?:不含|不包括)[^()（）]*[)）]|[(（][^()（）]*除外[)）]")


def drop_exclusions(s: str) -> str:
    """`s` (raw or normalised) with its bracketed exclusions turned into spaces of the same length."""
    if "除外" not in s and "不" not in s:
        return s
    return _EXCLUSION.sub(lambda m: " " * len(m.group(0)), s)


def without_exclusions(nt: NormText) -> NormText:
    """The normalised text with bracketed exclusions blanked to spaces of the same length (offsets stay true)."""
    text = drop_exclusions(nt.text)
    return nt if text == nt.text else NormText(text, nt.offsets, nt.raw)
