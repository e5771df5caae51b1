from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "zicht.demo"
    label = "demo"
    verbose_name = "Demo"
