from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_custom_user"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="gender",
            field=models.CharField(
                choices=[
                    ("undisclosed", "Prefer not to say"),
                    ("female", "Woman"),
                    ("male", "Man"),
                ],
                default="undisclosed",
                help_text="Optional. Only used, anonymised, in the office's statistics.",
                max_length=12,
                verbose_name="gender",
            ),
        ),
    ]
