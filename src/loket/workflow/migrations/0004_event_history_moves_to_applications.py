# The case's history (ApplicationEvent) belongs to the engine (applications) since ADR 0011; the table
# stays where it is, only Django's record of which app owns it moves.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("workflow", "0003_addressed_tasks")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ApplicationEvent")], database_operations=[]
        )
    ]
