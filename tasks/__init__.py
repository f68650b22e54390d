"""Prefect tasks: each one step of the pipeline over a batch of articles."""
