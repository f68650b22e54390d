"""newsfacts: raw news articles to clean, checked tables of who, where and how many.

The pure logic lives in this package; ``tasks/`` wraps its steps for Prefect,
``flows/`` sequences the tasks and ``newsfacts.cli`` only calls the flows.
"""

__version__ = "0.1.0"
