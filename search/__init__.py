"""PlanDesk's full-text index (Whoosh + jieba), derived from plans.sqlite. Never imports Qt."""
