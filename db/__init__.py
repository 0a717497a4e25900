"""PlanDesk's content store: importer (text -> records) and sqlite store.

Never imports Qt. See ../shared/SCHEMA.md for the public contract.
"""
