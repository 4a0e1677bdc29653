from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0002_child_search_keys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                condition=models.Q(("shielded", True)), fields=["id"], name="child_shielded"
            ),
        ),
    ]
