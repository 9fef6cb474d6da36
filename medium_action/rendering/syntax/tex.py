"""TeX math as Unicode text a Medium reader can read: ``\\frac{a+b}{2}`` → ``(a+b)/2``.

Our own small converter rather than a library: ``pylatexenc``'s latex2text writes sub- and
superscripts as ``_``/``^`` and accepts any unknown macro silently, ``unicodeit`` does not
understand ``\\frac``/``\\sqrt`` structure, ``flatlatex`` needs the compiled ``regex`` package;
the tables below cover what posts use (Greek, operators, relations, arrows, sets, big operators,
fractions, roots, accents, fonts, ``aligned``/``cases`` lines), and anything else raises
:class:`Unconvertible`, so the caller can keep the TeX (in code) and warn instead of guessing.
"""

from __future__ import annotations

import re

__all__ = ["Unconvertible", "subscript", "superscript", "tex_to_text"]


class Unconvertible(ValueError):
    """The TeX holds something this converter cannot write as text (the message says what)."""


_SUP = dict(
    zip(
        "0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW−αβγδεθφχ′",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ⁻ᵅᵝᵞᵟᵋᶿᵠᵡ′",
        strict=True,
    )
)
_SUB = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ−",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋",
        strict=True,
    )
)


def superscript(text: str) -> str | None:
    """``text`` in Unicode superscript characters, or None when one of them has none."""
    if not text or any(c not in _SUP and c != " " for c in text):
        return None
    return "".join(_SUP.get(c, c) for c in text)


def subscript(text: str) -> str | None:
    """``text`` in Unicode subscript characters, or None when one of them has none."""
    if not text or any(c not in _SUB and c != " " for c in text):
        return None
    return "".join(_SUB.get(c, c) for c in text)


_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ "
    "iota ι kappa κ lambda λ mu μ nu ν xi ξ omicron ο pi π varpi ϖ rho ρ varrho ϱ sigma σ "
    "varsigma ς tau τ upsilon υ phi ϕ varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ "
    "Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ Phi Φ Psi Ψ Omega Ω"
)
_SYMBOLS = (
    "times × cdot ⋅ div ÷ pm ± mp ∓ ast ∗ star ⋆ circ ∘ bullet • oplus ⊕ otimes ⊗ setminus ∖ "
    "leq ≤ le ≤ geq ≥ ge ≥ neq ≠ ne ≠ approx ≈ equiv ≡ sim ∼ simeq ≃ cong ≅ propto ∝ ll ≪ "
    "gg ≫ prec ≺ succ ≻ to → rightarrow → leftarrow ← gets ← Rightarrow ⇒ Leftarrow ⇐ "
    "leftrightarrow ↔ Leftrightarrow ⇔ iff ⟺ implies ⟹ impliedby ⟸ mapsto ↦ "
    "longrightarrow ⟶ longleftarrow ⟵ uparrow ↑ downarrow ↓ in ∈ notin ∉ ni ∋ subset ⊂ "
    "subseteq ⊆ supset ⊃ supseteq ⊇ cup ∪ cap ∩ emptyset ∅ varnothing ∅ forall ∀ exists ∃ "
    "nexists ∄ neg ¬ lnot ¬ land ∧ wedge ∧ lor ∨ vee ∨ infty ∞ partial ∂ nabla ∇ "
    "sum ∑ prod ∏ coprod ∐ int ∫ iint ∬ iiint ∭ oint ∮ bigcup ⋃ bigcap ⋂ "
    "cdots ⋯ ldots … dots … vdots ⋮ ddots ⋱ prime ′ angle ∠ perp ⊥ parallel ∥ mid ∣ "
    "langle ⟨ rangle ⟩ lfloor ⌊ rfloor ⌋ lceil ⌈ rceil ⌉ lvert | rvert | vert | lVert ‖ "
    "rVert ‖ Vert ‖ hbar ℏ ell ℓ Re ℜ Im ℑ aleph ℵ top ⊤ bot ⊥ vdash ⊢ models ⊨ "
    "triangle △ colon : backslash \\ degree ° square □ checkmark ✓ dagger † "
    "sqcup ⊔ uplus ⊎ wp ℘ surd √ lbrace { rbrace } therefore ∴ because ∵"
)
_NAMED_FUNCTIONS = frozenset(
    [
        "sin",
        "cos",
        "tan",
        "cot",
        "sec",
        "csc",
        "arcsin",
        "arccos",
        "arctan",
        "sinh",
        "cosh",
        "tanh",
        "log",
        "ln",
        "lg",
        "exp",
        "lim",
        "liminf",
        "limsup",
        "max",
        "min",
        "sup",
        "inf",
        "det",
        "dim",
        "ker",
        "arg",
        "deg",
        "gcd",
        "lcm",
        "Pr",
        "mod",
        "bmod",
    ]
)
_WORDS: dict[str, str] = dict(zip(*[iter((_GREEK + " " + _SYMBOLS).split())] * 2, strict=True))
_ESCAPED = {"{": "{", "}": "}", "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "|": "‖"}
_SPACES = {",": "\u2009", ";": " ", ":": " ", ">": " ", "!": "", " ": " ", "quad": "  ",
           "qquad": "    ", "enspace": " ", "thinspace": "\u2009"}  # fmt: skip
_DELIMITER_SIZES = frozenset(
    [
        "left",
        "right",
        "middle",
        "big",
        "Big",
        "bigg",
        "Bigg",
        "bigl",
        "bigr",
        "Bigl",
        "Bigr",
        "biggl",
        "biggr",
    ]
)
"""Sizing commands: dropped, but the delimiter that follows them is kept."""
_IGNORED = _DELIMITER_SIZES | frozenset(
    ["displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "nonumber", "notag"]
)

_TEXT_FONTS = frozenset(
    [
        "text",
        "textrm",
        "textit",
        "textbf",
        "textsf",
        "texttt",
        "mathrm",
        "mathit",
        "mathbf",
        "mathsf",
        "mathtt",
        "mbox",
        "operatorname",
        "boldsymbol",
        "bm",
        "mathcal",
        "mathscr",
        "mathfrak",
        "emph",
    ]
)
_DOUBLE_STRUCK = dict(zip("NZQRCPHE1", "ℕℤℚℝℂℙℍ𝔼𝟙", strict=True))
_ACCENTS = {
    "hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
    "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "tilde": "\u0303",
    "widetilde": "\u0303", "underline": "\u0332", "acute": "\u0301", "grave": "\u0300",
}  # fmt: skip
_LINE_ENVIRONMENTS = frozenset(
    [
        "aligned",
        "align",
        "align*",
        "equation",
        "equation*",
        "split",
        "gather",
        "gather*",
        "cases",
        "eqnarray",
    ]
)
_TOKEN = re.compile(r"\\(?:[A-Za-z]+\*?|.)|\s+|.", re.S)


class _Reader:
    """A recursive reader of TeX tokens, writing text as it goes."""

    def __init__(self, tex: str) -> None:
        self.tokens = _TOKEN.findall(tex)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def next(self) -> str:
        tok = self.peek()
        if tok is None:
            raise Unconvertible("an argument is missing")
        self.pos += 1
        return tok

    def skip_spaces(self) -> None:
        while (tok := self.peek()) is not None and tok.isspace():
            self.pos += 1

    def group_tokens(self) -> list[str]:
        """The tokens of the next argument: a ``{…}`` group, or a single token."""
        self.skip_spaces()
        tok = self.next()
        if tok != "{":
            return [tok]
        depth, out = 1, list[str]()
        while True:
            tok = self.next()
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth == 0:
                    return out
            out.append(tok)

    def argument(self) -> str:
        return _convert_tokens(self.group_tokens())

    def raw_argument(self) -> str:
        return "".join(self.group_tokens())

    def optional(self) -> str | None:
        self.skip_spaces()
        if self.peek() != "[":
            return None
        self.pos += 1
        out = []
        while (tok := self.next()) != "]":
            out.append(tok)
        return _convert_tokens(out)

    def run(self) -> str:
        out: list[str] = []
        while (tok := self.peek()) is not None:
            self.pos += 1
            out.append(self.one(tok, out))
        return "".join(out)

    def one(self, tok: str, out: list[str]) -> str:
        if tok.isspace():
            return " "
        if tok == "{":
            self.pos -= 1
            return self.argument()
        if tok == "}":
            raise Unconvertible("unbalanced }")
        if tok in ("^", "_"):
            return self.script(tok, out)
        if tok == "'":
            return "′"
        if tok == "~":
            return " "
        if tok == "&":
            return ""
        if not tok.startswith("\\"):
            return tok
        name = tok[1:]
        if name == "\\":
            return "\n"
        if name in _ESCAPED:
            return _ESCAPED[name]
        if name in _SPACES:
            return _SPACES[name]
        if name in _IGNORED:
            return self.delimiter() if name in _DELIMITER_SIZES else ""
        if name in _WORDS:
            return _WORDS[name]
        if name in _NAMED_FUNCTIONS:
            return name
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.argument(), self.argument()
            return _operand(top) + "/" + _operand(bottom)
        if name == "binom":
            top, bottom = self.argument(), self.argument()
            return "C(" + top + ", " + bottom + ")"
        if name == "sqrt":
            index = self.optional()
            body = _operand(self.argument())
            root = {None: "√", "2": "√", "3": "∛", "4": "∜"}.get(index)
            return (root or (superscript(index or "") or "(" + str(index) + ")") + "√") + body
        if name in _TEXT_FONTS:
            return self.raw_text() if name.startswith(("text", "mbox", "emph")) else self.argument()
        if name == "mathbb":
            arg = self.argument()
            return "".join(_DOUBLE_STRUCK.get(c, c) for c in arg)
        if name in _ACCENTS:
            mark = _ACCENTS[name]
            return "".join(c + mark if not c.isspace() else c for c in self.argument())
        if name == "not":
            return self.argument() + "\u0338"
        if name == "begin":
            env = self.raw_argument()
            if env not in _LINE_ENVIRONMENTS:
                raise Unconvertible(f"\\begin{{{env}}}")
            return ""
        if name == "end":
            self.raw_argument()
            return ""
        raise Unconvertible(tok)

    def delimiter(self) -> str:
        self.skip_spaces()
        tok = self.peek()
        if tok is None:
            return ""
        self.pos += 1
        if tok == ".":
            return ""
        return self.one(tok, [])

    def raw_text(self) -> str:
        """The argument of ``\\text{…}``: its words as written (only escapes read)."""
        return "".join(
            _ESCAPED.get(t[1:], t[1:]) if t.startswith("\\") else t
            for t in self.group_tokens()
            if t not in ("{", "}")
        )

    def script(self, mark: str, out: list[str]) -> str:
        arg = self.argument()
        if mark == "^" and arg and all(c == "′" for c in arg):
            return arg
        small = superscript(arg) if mark == "^" else subscript(arg)
        if small is not None:
            return small
        if len(arg) == 1:
            return mark + arg
        return mark + "(" + arg + ")"


def _convert_tokens(tokens: list[str]) -> str:
    reader = _Reader("")
    reader.tokens = tokens
    return reader.run()


def _operand(text: str) -> str:
    """``text`` as one side of ``a/b``: bracketed unless it is a single term."""
    text = text.strip()
    if re.fullmatch(r"[\w.′]+|\(.*\)|√\S+", text) and not re.search(r"[+\-−*/=<>]", text[1:]):
        return text
    return "(" + text + ")"


def tex_to_text(tex: str) -> str:
    """The TeX ``tex`` (the inside of ``$…$``) as Unicode text; raises :class:`Unconvertible`.

    Lines (``\\\\`` in ``aligned``, ``cases``…) are separated by ``\\n``; spaces are collapsed.
    """
    text = _Reader(tex).run()
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
