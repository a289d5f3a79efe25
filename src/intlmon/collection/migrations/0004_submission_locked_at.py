"""'locked' stops being a status: a lock freezes a version in whatever state it is (`locked_at`).

A version stored as status 'locked' gets back the state it had before the lock, read from its audit
log (the lock transition recorded 'from'); a lock with no such record leaves it 'submitted', the
state that never counts, so the migration cannot make unapproved data count.
"""

from django.db import migrations, models


def unlock_status(apps, schema_editor):
    Submission = apps.get_model("collection", "Submission")
    AuditEntry = apps.get_model("collection", "AuditEntry")
    for sub in Submission.objects.filter(status="locked"):
        lock = AuditEntry.objects.filter(submission=sub, action="lock").order_by("-at", "-id").first()
        before = (lock.detail or {}).get("from") if lock else None
        sub.status = before if before in ("draft", "submitted", "approved", "returned") else "submitted"
        sub.locked_at = lock.at if lock else sub.uploaded_at
        sub.save(update_fields=["status", "locked_at"])


def lock_status(apps, schema_editor):
    Submission = apps.get_model("collection", "Submission")
    Submission.objects.filter(locked_at__isnull=False).update(status="locked")


class Migration(migrations.Migration):

    dependencies = [
        ('collection', '0003_submission_coverage'),
    ]

    operations = [
        migrations.AddField(
            model_name='submission',
            name='locked_at',
            field=models.DateTimeField(blank=True, help_text="set when the version is frozen (deadline or analyst); only an analyst's reopen clears it", null=True),
        ),
        migrations.RunPython(unlock_status, lock_status),
        migrations.AlterField(
            model_name='submission',
            name='status',
            field=models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted'), ('approved', 'approved'), ('returned', 'returned')], default='draft', max_length=20),
        ),
    ]
