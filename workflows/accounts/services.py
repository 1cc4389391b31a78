"""Writes to user accounts: creating one (without a password: its owner sets it through an e-mailed link),
changing a person's contact details, and what follows a password change or reset."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from workflows.audit.services import record_event


def email_fixed(user) -> bool:
    """Whether administrators may no longer change the account's e-mail. It is where the password links go, so
    once the account is in use (a password of its own) or holds a role, changing it would hand the account over."""
    return user.has_usable_password() or user.memberships.exists()


@transaction.atomic
def create_user(*, username: str, full_name: str, phone: str = "", email: str, by):
    """A new account without a password; its owner sets one through the link e-mailed to ``email``, so nobody
    else ever knows it."""
    if not email:
        raise ValidationError({"email": _("新账号须填写电子邮箱：设置密码的链接只发往本人的邮箱。")})
    user = get_user_model()(username=username, full_name=full_name, phone=phone, email=email)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    record_event(action="user.create", actor=by, target=user, data={"username": username, "full_name": full_name})
    send_password_link(user=user, by=by)
    return user


def send_password_link(*, user, by) -> None:
    """E-mail the account's owner a one-time link to set their password, once the transaction commits.

    Django's reset token: it dies once used, when the password or e-mail changes, or after PASSWORD_RESET_TIMEOUT.
    The event names the address, so the auditor sees where every link went."""
    if not user.email:
        raise ValidationError({"email": _("该账号没有电子邮箱，无法发送设置密码的链接。")})
    record_event(action="auth.password_link", actor=by, target=user,
                 data={"username": user.username, "email": user.email,
                       "activation": not user.has_usable_password()})
    transaction.on_commit(lambda: _mail_password_link(user))


def _mail_password_link(user) -> None:
    path = reverse("password_reset_confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                      "token": default_token_generator.make_token(user)})
    context = {"user": user, "link": settings.SITE_URL + path, "activation": not user.has_usable_password(),
               "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
    subject = _("请设置您的登录密码") if context["activation"] else _("重新设置登录密码")
    send_mail(subject, render_to_string("accounts/password_link_email.txt", context), settings.DEFAULT_FROM_EMAIL,
              [user.email])


@transaction.atomic
def update_user_details(*, user, by=None, **details):
    """Change the name, phone or e-mail of an account (never its password or grants; the e-mail only while
    ``email_fixed`` allows)."""
    changed = {name: value for name, value in details.items()
               if name in ("full_name", "phone", "email") and getattr(user, name) != value}
    if not changed:
        return user
    if "email" in changed and email_fixed(user):
        raise ValidationError({"email": _("该账号已启用或已有角色：电子邮箱是本人接收设置密码链接的地址，"
                                          "管理员不能修改。")})
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
def password_reset(*, user, activation: bool = False) -> None:
    """After a password set through an e-mailed link: the same as a change (every API token dies; sessions die with
    the old password's hash), audited as a reset, or as the activation of a new account by its owner."""
    from rest_framework.authtoken.models import Token

    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    Token.objects.filter(user=user).delete()
    record_event(action="auth.activate" if activation else "auth.password_reset", actor=user, target=user)


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
