"""A step's exemption from "one person, one approval" names the one earlier step whose approver may decide it too
(`same_approver_step`), instead of exempting every earlier approver (`same_approver_allowed`)."""

from django.db import migrations, models


def name_the_step(apps, schema_editor):
    """A step that allowed any earlier approver now names one earlier step: the receiving official's approval of a
    transfer (e-Mutasi, the one use the law gives), else the step just before it."""
    ProcedureStep = apps.get_model("workflow", "ProcedureStep")
    for step in ProcedureStep.objects.filter(same_approver_allowed=True):
        earlier = ProcedureStep.objects.filter(standard_id=step.standard_id, position__lt=step.position, kind="")
        named = earlier.filter(addressee="receiving_official").order_by("-position").first()
        named = named or earlier.order_by("-position").first()
        step.same_approver_step = named.position if named is not None else None
        step.save(update_fields=["same_approver_step"])


class Migration(migrations.Migration):
    dependencies = [
        ("workflow", "0009_transfer_addressees"),
    ]

    operations = [
        migrations.AddField(
            model_name="procedurestep",
            name="same_approver_step",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(name_the_step, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="procedurestep",
            name="same_approver_allowed",
        ),
    ]
