"""Writes to user accounts: creating one with an initial password, changing a person's contact details."""

import secrets
import string

from django.contrib.auth import get_user_model
from django.db import transaction

from workflows.audit.services import record_event

_CLASSES = (string.ascii_uppercase.replace("O", "").replace("I", ""), string.ascii_lowercase.replace("l", ""),
            "23456789", "-_.#@")


def initial_password(length: int = 14) -> str:
    """A random password with every character class, without look-alike characters (O/0, l/1/I)."""
    chars = [secrets.choice(group) for group in _CLASSES]
    pool = "".join(_CLASSES)
    chars += [secrets.choice(pool) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@transaction.atomic
def create_user(*, username: str, full_name: str, phone: str = "", email: str = "", by=None,
                with_password: bool = True):
    """A new account that must change its password at first log-in; returns (user, the initial password).

    ``with_password=False`` leaves the password unusable (a dry run need not pay for hashing).
    """
    password = initial_password() if with_password else ""
    user = get_user_model()(username=username, full_name=full_name, phone=phone, email=email,
                            must_change_password=True)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    record_event(action="user.create", actor=by, target=user, data={"username": username, "full_name": full_name})
    return user, password


@transaction.atomic
def update_user_details(*, user, by=None, **details):
    """Change the name, phone or e-mail of an account (never its password or grants)."""
    changed = {name: value for name, value in details.items()
               if name in ("full_name", "phone", "email") and getattr(user, name) != value}
    if not changed:
        return user
    for name, value in changed.items():
        setattr(user, name, value)
    user.full_clean()
    user.save(update_fields=list(changed))
    record_event(action="user.update", actor=by, target=user, data={"username": user.username, **changed})
    return user


@transaction.atomic
def password_changed(*, user) -> None:
    """After a person changes their own password: no forced change any more, and every API token dies.

    Other browser sessions die by themselves (Django's session auth hash covers the password)."""
    from rest_framework.authtoken.models import Token

    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    Token.objects.filter(user=user).delete()
    record_event(action="auth.password_change", actor=user, target=user)


@transaction.atomic
def password_reset(*, user) -> None:
    """After a reset by e-mail link: the same as a change (every API token dies; sessions die with the old
    password's hash), audited as a reset."""
    from rest_framework.authtoken.models import Token

    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    Token.objects.filter(user=user).delete()
    record_event(action="auth.password_reset", actor=user, target=user)


def end_api_tokens(*, user) -> int:
    """Delete the user's API tokens (on log-out); returns how many."""
    from rest_framework.authtoken.models import Token

    return Token.objects.filter(user=user).delete()[0]


def token_expired(token) -> bool:
    """Whether an API token is older than API_TOKEN_HOURS: a token lives as long as a web session at most."""
    from django.conf import settings
    from django.utils import timezone

    return token.created < timezone.now() - settings.API_TOKEN_LIFETIME


def locked_usernames() -> list[str]:
    """The user names django-axes holds locked right now."""
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return sorted(set(AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                                   attempt_time__gte=since).values_list("username", flat=True)))


@transaction.atomic
def unlock_user(*, username: str, by) -> int:
    """Lift the lock on a user name (the security admin's decision); returns how many records were cleared."""
    from axes.utils import reset

    cleared = reset(username=username)
    record_event(action="auth.unlock", actor=by, data={"username": username, "cleared": cleared})
    return cleared
