# puma
