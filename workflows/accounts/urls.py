"""viewflow's log-in pages with our two-step log-in and password change, plus the account's security pages."""

from django.urls import path
from viewflow.contrib.auth import AuthViewset

from . import views


class AccountsViewset(AuthViewset):
    login_view_class = views.LoginView
    pass_change_view_class = views.PasswordChangeView
    pass_reset_confirm_view_class = views.PasswordResetConfirmView

    login_otp_path = path("login/otp/", views.OtpLoginView.as_view(), name="login_otp")
    two_factor_path = path("two-factor/", views.TwoFactorView.as_view(), name="account_two_factor")
    locked_users_path = path("locked/", views.LockedUsersView.as_view(), name="locked_users")

