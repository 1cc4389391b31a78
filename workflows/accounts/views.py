"""Log-in in two steps (password, then the TOTP code for those who need it), the forced password change,
the account's own two-factor enrolment, and the security admin's page of locked user names."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_otp import login as otp_login
from viewflow.contrib.auth import AuthenticationForm

from workflows.audit.services import record_event
from workflows.organisations.roles import Role
from workflows.organisations.selectors import roles_of

from . import services, twofactor
from .forms import OtpForm
from .lockout import lockout_response
from .ratelimit import login_rate_limited, rate_limited_message
from .sessions import start_clock

PENDING_USER = "anquan_pending_user"
PENDING_BACKEND = "anquan_pending_backend"
PENDING_NEXT = "anquan_pending_next"
PENDING_AT = "anquan_pending_at"
PENDING_SECONDS = 300


def complete_login(request, user, *, backend: str, device=None) -> None:
    auth_login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    twofactor.mark_session(request, passed=device is not None)
    start_clock(request)


def admin_login(request, extra_context=None):
    """The admin site's log-in: it has none of its own. Everyone comes in through ours, which asks for the second
    factor and counts the address."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return auth_views.redirect_to_login(next_url)


class LoginView(auth_views.LoginView):
    """The password step. Users who need a second factor are not logged in yet: they go on to the code step."""

    form_class = AuthenticationForm
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        if login_rate_limited(request):
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            return render(request, self.template_name, {"form": form, "alert_message": rate_limited_message()},
                          status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.get_user()
        if not twofactor.needs_second_factor(user):
            complete_login(self.request, user, backend=user.backend)
            return redirect(self.get_success_url())
        session = self.request.session
        session.cycle_key()
        session[PENDING_USER], session[PENDING_BACKEND] = user.pk, user.backend
        session[PENDING_NEXT], session[PENDING_AT] = self.get_success_url(), int(time.time())
        return redirect("login_otp")


def _pending(request):
    """The user who passed the password step in this session in the last five minutes, or None."""
    session = request.session
    if PENDING_USER not in session or time.time() - session.get(PENDING_AT, 0) > PENDING_SECONDS:
        return None
    return get_user_model().objects.filter(pk=session[PENDING_USER], is_active=True).first()


class OtpLoginView(View):
    """The second step: the code from a confirmed device, or enrolment (QR code, then a first code)."""

    template_name = "accounts/login_otp.html"

    def dispatch(self, request, *args, **kwargs):
        self.user = _pending(request)
        if self.user is None:
            messages.warning(request, _("登录已超时，请重新输入用户名和密码。"))
            return redirect("login")
        self.device = twofactor.confirmed_device(self.user) or twofactor.enrolment_device(self.user)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(OtpForm(device=self.device))

    def post(self, request):
        if login_rate_limited(request):
            return self.render(OtpForm(device=self.device), alert=rate_limited_message(), status=429)
        form = OtpForm(request.POST, device=self.device)
        if not form.is_valid():
            record_event(action="auth.otp_failed", actor=self.user)
            return self.render(form)
        if not self.device.confirmed:
            twofactor.confirm(self.device)
            record_event(action="auth.otp_enrol", actor=self.user, target=self.user)
        session = request.session
        backend, next_url = session.get(PENDING_BACKEND, settings.AUTHENTICATION_BACKENDS[1]), session[PENDING_NEXT]
        for key in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_AT):
            session.pop(key, None)
        complete_login(request, self.user, backend=backend, device=self.device)
        return redirect(next_url)

    def render(self, form, *, alert: str = "", status: int = 200):
        context = {"form": form, "alert_message": alert, "pending_user": self.user,
                   "enrolling": not self.device.confirmed}
        if not self.device.confirmed:
            context.update(qr_svg=twofactor.qr_svg(self.device), secret=twofactor.secret_base32(self.device))
        return render(self.request, self.template_name, context, status=status)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change form (the current session stays logged in); then the forced change is lifted and every
    API token is deleted. Guessing the current password counts like a failed log-in: toward the per-address limit
    and the account's lock, which also ends this session."""

    template_name = "registration/password_change_form.html"

    def post(self, request, *args, **kwargs):
        if login_rate_limited(request):
            messages.error(request, rate_limited_message())
            return self.render_to_response(self.get_context_data(form=self.get_form()), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            username = self.request.user.get_username()
            user_login_failed.send(sender=type(self), credentials={"username": username}, request=self.request)
            if AxesProxyHandler.is_locked(self.request, credentials={"username": username}):
                logout(self.request)
                return lockout_response(self.request, credentials={"username": username})
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        services.password_changed(user=form.user)
        messages.success(self.request, _("密码已修改，其他设备上的登录和 API 令牌均已失效。"))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset by e-mail link, then the same consequences as a change (tokens end), audited as a reset — or,
    for a new account that had no password yet, as its activation by the owner."""

    def form_valid(self, form):
        activation = not form.user.has_usable_password()
        response = super().form_valid(form)
        services.password_reset(user=form.user, activation=activation)
        return response


class TwoFactorView(LoginRequiredMixin, View):
    """The account's own page: whether two-factor log-in is on, and enrolment for those who want it."""

    template_name = "accounts/two_factor.html"

    def get(self, request):
        return self.render(None)

    def post(self, request):
        device = twofactor.enrolment_device(request.user)
        form = OtpForm(request.POST, device=device)
        if not form.is_valid():
            return self.render(form)
        twofactor.confirm(device)
        twofactor.mark_session(request, passed=True)  # the code was just given in this session
        record_event(action="auth.otp_enrol", actor=request.user, target=request.user)
        messages.success(request, _("双因素认证已启用，今后登录时须输入动态验证码。"))
        return redirect("account_two_factor")

    def render(self, form):
        user = self.request.user
        device = twofactor.confirmed_device(user)
        context = {"device": device, "required": twofactor.two_factor_required(user)}
        if device is None:
            enrolment = twofactor.enrolment_device(user)
            context.update(form=form or OtpForm(device=enrolment), qr_svg=twofactor.qr_svg(enrolment),
                           secret=twofactor.secret_base32(enrolment))
        return render(self.request, self.template_name, context)


class LockedUsersView(LoginRequiredMixin, View):
    """The security admin sees the locked user names and unlocks them; nobody else may."""

    template_name = "accounts/locked_users.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and Role.SECURITY_ADMIN not in roles_of(request.user):
            raise PermissionDenied(_("只有安全管理员可以查看和解锁被锁定的账号。"))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"usernames": services.locked_usernames(),
                                                    "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)})

    def post(self, request):
        username = request.POST.get("username", "")
        if username not in services.locked_usernames():
            messages.error(request, _("账号“%(username)s”当前未被锁定。") % {"username": username})
            return redirect("locked_users")
        services.unlock_user(username=username, by=request.user)
        messages.success(request, _("账号“%(username)s”已解锁。") % {"username": username})
        return redirect("locked_users")
