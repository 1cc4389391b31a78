from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workflows.backup.manifest import BackupError
from workflows.backup.services import restore_backup


class Command(BaseCommand):
    help = _("把备份目录恢复到一个空实例：先按清单校验全部文件，任何文件缺失、损坏或多余都拒绝恢复。")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, type=Path, help=_("备份目录"))

    def handle(self, *args, source: Path, **options):
        try:
            manifest = restore_backup(source=source)
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(_("恢复完成：%(path)s（备份时间 %(at)s），%(files)d 个文件。") % {
            "path": source, "at": manifest.get("created_at"), "files": len(manifest["files"])}))
