"""API tokens move to django-rest-knox (hashed, expiring): ``members.ApiToken``.

DRF's ``authtoken_token`` rows are dropped, not converted: they were kept in
plain text and shown in the admin, so they must be taken as known to others.
Their owners make new tokens (profile page or ``POST /api/v1/auth/token/``).
"""

import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0006_invitations_account_log'),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('token_key', models.CharField(db_index=True, max_length=25)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('expiry', models.DateTimeField(blank=True, null=True)),
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('digest', models.CharField(max_length=128, unique=True)),
                ('name', models.CharField(max_length=100, verbose_name='name')),
                ('last_used_at', models.DateTimeField(blank=True, null=True, verbose_name='last used')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='auth_token_set', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'default_manager_name': 'plain',
            },
            managers=[
                ('plain', django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunSQL('DROP TABLE IF EXISTS "authtoken_token"', migrations.RunSQL.noop),
    ]
