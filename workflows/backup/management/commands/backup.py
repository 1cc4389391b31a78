from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflows.backup.manifest import BackupError
from workflows.backup.services import make_backup


class Command(BaseCommand):
    help = _("把数据库、文件目录（公文、佐证材料）和带 SHA-256 校验值的清单备份到一个新的空目录。")

    def add_arguments(self, parser):
        parser.add_argument("--to", dest="to", required=True, type=Path, help=_("备份目录（不存在或为空）"))

    def handle(self, *args, to: Path, **options):
        try:
            manifest = make_backup(to=to)
        except BackupError as error:
            raise CommandError(error.message) from error
        counts = manifest["counts"]
        self.stdout.write(self.style.SUCCESS(_(
            "备份完成：%(path)s，%(files)d 个文件，公文 %(documents)d 份，审计事件 %(events)d 条。") % {
            "path": to, "files": len(manifest["files"]), "documents": counts.get("documents.Document", 0),
            "events": counts.get("audit.AuditEvent", 0)}))
