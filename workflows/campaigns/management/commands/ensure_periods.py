from django.core.management.base import BaseCommand

from workflows.campaigns.services import ensure_campaign, ensure_periods


class Command(BaseCommand):
    help = ("Create the campaign's half-year periods up to the end of a year (default: up to the half-year after "
            "today's). Cron-friendly; run_scheduled does it too.")

    def add_arguments(self, parser):
        parser.add_argument("--through-year", type=int, default=None)

    def handle(self, *args, through_year=None, **options):
        created = ensure_periods(campaign=ensure_campaign(), through_year=through_year)
        self.stdout.write(", ".join(p.code for p in created) or "no new periods")
