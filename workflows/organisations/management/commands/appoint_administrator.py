from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workflows.accounts.services import create_user
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import SYSTEM
from workflows.organisations.roles import ADMIN_ROLES, Role
from workflows.organisations.services import add_membership, remove_membership


class Command(BaseCommand):
    help = ("Appoint (or with --remove, dismiss) a system, security or audit administrator (三员). Only the deployment "
            "does this, from the server: through the site nobody grants these roles. A new account gets its "
            "set-password link by e-mail.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ADMIN_ROLES))
        parser.add_argument("--full-name", default="", help="for a new account")
        parser.add_argument("--email", default="", help="for a new account: where its set-password link goes")
        parser.add_argument("--remove", action="store_true", help="take the role away instead")

    @transaction.atomic
    def handle(self, *args, username, role, full_name, email, remove, **options):
        office = Organisation.objects.filter(kind=Organisation.Kind.OFFICE).first()
        if office is None:
            raise CommandError("还没有安委会办公室这个单位，请先建立单位。")
        user = get_user_model().objects.filter(username=username).first()
        try:
            if remove:
                membership = Membership.objects.filter(user__username=username, organisation=office, role=role).first()
                if membership is None:
                    raise CommandError(f"{username} 没有担任这个角色。")
                remove_membership(membership=membership, by=SYSTEM)
                self.stdout.write(self.style.SUCCESS(f"已取消 {username} 的 {role} 角色。"))
                return
            if user is None:
                user = create_user(username=username, full_name=full_name, email=email, by=SYSTEM)
                self.stdout.write(f"已新建账号 {username}，设置密码的链接已发往 {email}。")
            add_membership(user=user, organisation=office, role=role, position=str(Role(role).label), by=SYSTEM)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"已任命 {username} 为 {role}。"))
