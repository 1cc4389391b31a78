import time

from django.core.management.base import BaseCommand, CommandError

from workflows.campaigns.selectors import current_period, started_period
from workflows.compliance.services import evaluate_period


class Command(BaseCommand):
    help = ("Evaluate a half-year's obligations into findings (idempotent). --period 2026H1 (one that has begun); "
            "default the current one.")

    def add_arguments(self, parser):
        parser.add_argument("--period", default="")

    def handle(self, *args, period="", **options):
        target = started_period(period) if period else current_period()
        if target is None:
            raise CommandError(f"no half-year {period!r} that has begun")
        started = time.perf_counter()
        result = evaluate_period(period=target)
        evaluation = result.evaluation
        self.stdout.write(
            f"{target.code}: {evaluation.units} units, {evaluation.compliant_units} compliant, "
            f"{evaluation.new_findings} new findings, {evaluation.dismissed_findings} dismissed "
            f"({time.perf_counter() - started:.2f} s)")
