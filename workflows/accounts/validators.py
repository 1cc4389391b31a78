"""Password rules beyond Django's own (等保 2.0: complexity)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    """Count the classes present: lower case, upper case, digits, other characters."""
    checks = (
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password),
    )
    return sum(checks)


class CharacterClassValidator:
    """Require at least ``min_classes`` of the four character classes."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须至少包含大写字母、小写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes}
