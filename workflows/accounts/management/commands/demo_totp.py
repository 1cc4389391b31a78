from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workflows.accounts import twofactor


class Command(BaseCommand):
    help = "Print the TOTP code a user's confirmed device accepts now (for the demo accounts and tests)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为 {username} 的账号。")
        device = twofactor.confirmed_device(user)
        if device is None:
            raise CommandError(f"{username} 尚未绑定验证器。")
        self.stdout.write(twofactor.next_code(device))
