"""``manage.py purge_audit_log --before YYYY-MM-DD``: delete events past the retention period, keep the chain."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflows.audit.services import purge_before, retention_days


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("日期格式应为 YYYY-MM-DD：%(text)s") % {"text": text}) from None


class Command(BaseCommand):
    help = _("清理指定日期之前、已超过保留期的审计事件，并记录锚点以保持哈希链可校验")

    def add_arguments(self, parser):
        parser.add_argument("--before", required=True, help=_("清理该日期（不含）之前的事件，YYYY-MM-DD"))

    def handle(self, **options):
        before = _date(options["before"])
        try:
            anchor = purge_before(before=before)
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None
        if anchor is None:
            self.stdout.write(_("%(date)s 之前没有审计事件，未清理。") % {"date": before.isoformat()})
            return
        self.stdout.write(self.style.SUCCESS(
            _("已清理 %(n)d 条 %(date)s 之前的审计事件（保留期 %(days)d 天），锚点事件 #%(id)d。") % {
                "n": anchor.data["deleted"], "date": before.isoformat(), "days": retention_days(),
                "id": anchor.pk}))
