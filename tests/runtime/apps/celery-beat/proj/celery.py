from celery import Celery\napp = Celery("proj")
