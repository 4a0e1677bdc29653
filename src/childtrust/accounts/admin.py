from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from childtrust.accounts.models import User


@admin.register(User)
class ChildtrustUserAdmin(UserAdmin[User]):
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role",)}))  # type: ignore[misc]
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
