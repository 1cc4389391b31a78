"""The unified social credit code (统一社会信用代码) of GB 32100-2015 and its check character."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The 31 characters the standard allows: digits and capitals without I, O, Z, S, V.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


def check_character(first_17: str) -> str:
    """The 18th character for the given first seventeen."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first_17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """Raise ValidationError with a message a liaison can act on when ``value`` is not a valid code."""
    if len(value) != 18:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，当前为 %(n)d 位。") % {"n": len(value)}, code="length"
        )
    wrong = [char for char in value if char not in ALPHABET]
    if wrong:
        raise ValidationError(
            _("统一社会信用代码含有不允许的字符“%(chars)s”（只允许数字和除 I、O、Z、S、V 以外的大写字母）。")
            % {"chars": "".join(dict.fromkeys(wrong))},
            code="alphabet",
        )
    if not value[2:8].isdigit():
        raise ValidationError(_("统一社会信用代码第 3–8 位应为行政区划代码（数字）。"), code="region")
    expected = check_character(value[:17])
    if value[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误：第 18 位应为“%(expected)s”，请核对。") % {"expected": expected},
            code="check",
        )


def make_credit_code(first_17: str) -> str:
    """Complete seventeen characters with their check character (for demo data and tests)."""
    return first_17 + check_character(first_17)
