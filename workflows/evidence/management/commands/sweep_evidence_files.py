from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from workflows.evidence.cleanup import sweep_orphan_files


class Command(BaseCommand):
    help = "删除没有对应佐证材料记录的遗留文件（如外层事务回滚后留下的文件）。"

    def add_arguments(self, parser):
        parser.add_argument("--older-than-hours", type=float, default=24,
                            help="只删除早于此时间的文件，避免误删正在提交的上传（默认 24 小时）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, older_than_hours=24, dry_run=False, **options):
        cutoff = timezone.now() - timedelta(hours=older_than_hours)
        names = sweep_orphan_files(older_than=cutoff, dry_run=dry_run)
        for name in names:
            self.stdout.write(name)
        verb = "发现" if dry_run else "删除"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(names)} 个遗留文件。"))
