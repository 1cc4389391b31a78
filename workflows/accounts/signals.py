"""Log-in, log-out and failed log-in become audit events; log-out also ends the API tokens."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from workflows.audit.services import record_event


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    record_event(action="auth.login", actor=user)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    """Log-out is audited and ends the person's API tokens too: nothing they opened outlives it."""
    if user is not None:
        from .services import end_api_tokens

        record_event(action="auth.logout", actor=user, data={"tokens_ended": end_api_tokens(user=user)})


@receiver(user_login_failed)
def audit_login_failed(sender, credentials, request=None, **kwargs):
    record_event(action="auth.login_failed", data={"username": str(credentials.get("username", ""))[:150]})


@receiver(user_locked_out)
def audit_lock(sender, request, username, ip_address, **kwargs):
    """django-axes has just locked a user name: the security admin finds it in the trail and on the locked page."""
    record_event(action="auth.locked", data={"username": str(username or "")[:150]}, ip=ip_address)
