from django.apps import AppConfig


class StrategyConfig(AppConfig):
    name = "childtrust.strategy"
    verbose_name = "Strategy: the five-year plan, its objectives and milestones"
