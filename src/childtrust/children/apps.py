from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "childtrust.children"
    verbose_name = "Children: the child index, agency records, linkage, involvement and sharing"
