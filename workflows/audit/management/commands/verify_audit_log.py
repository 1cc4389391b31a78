"""``manage.py verify_audit_log``: recompute every event's hash and check every link; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflows.audit.chain import CHUNK, verify_chain


class Command(BaseCommand):
    help = _("校验审计日志的哈希链，报告第一处断点")

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=CHUNK, help=_("每次读取的事件条数"))

    def handle(self, **options):
        result = verify_chain(chunk=max(1, options["chunk"]))
        if not result.intact:
            self.stderr.write(_("已校验 %(n)d 条事件后发现断点。") % {"n": result.checked})
            raise CommandError(result.first_break.message(), returncode=1)
        self.stdout.write(self.style.SUCCESS(
            _("审计日志完整：已校验 %(n)d 条事件，哈希链无断点。") % {"n": result.checked}))
