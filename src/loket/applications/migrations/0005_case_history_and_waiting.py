# The case's history moves here from workflow (same table, ADR 0011); a case can wait for an outside step.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_lean_write_indexes"),
        ("workflow", "0004_event_history_moves_to_applications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ApplicationEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("occurred_at", models.DateTimeField()),
                        ("kind", models.CharField(max_length=30)),
                        ("step_name", models.CharField(blank=True, max_length=200)),
                        ("note", models.TextField(blank=True)),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                db_index=False,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "application",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="events",
                                to="applications.application",
                            ),
                        ),
                    ],
                    options={"db_table": "workflow_applicationevent", "ordering": ["application_id", "occurred_at", "id"]},
                )
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="application",
            name="waiting_for",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "Diproses"),
                    ("returned", "Dikembalikan untuk perbaikan"),
                    ("waiting", "Menunggu langkah di luar Loket"),
                    ("completed", "Selesai"),
                    ("rejected", "Ditolak"),
                    ("withdrawn", "Dicabut pemohon"),
                ],
                default="submitted",
                max_length=10,
            ),
        ),
    ]
