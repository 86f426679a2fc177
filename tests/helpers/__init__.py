"""Code the tests share that is not a test: large inputs, scripts run in subprocesses.

``bench/micro.py`` imports the large inputs too, so a timing it prints is measured on
exactly the input the corresponding test checks for correctness.
"""
