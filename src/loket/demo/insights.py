"""Demo statistics: fold the demo's applications and survey answers into the summaries and publish
the open data, so the dashboard, transparency pages and downloads are live. Idempotent."""

from loket.insights import opendata, services
from loket.insights.models import AgencyMonthStat as MonthlyStat


def seed_demo() -> int:
    if MonthlyStat.objects.exists():
        services.catch_up()
        opendata.publish_if_changed()
        return 0
    before = MonthlyStat.objects.count()
    services.rebuild()
    return MonthlyStat.objects.count() - before
