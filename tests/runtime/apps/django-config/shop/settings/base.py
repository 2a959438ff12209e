STATIC_ROOT = "staticfiles"
