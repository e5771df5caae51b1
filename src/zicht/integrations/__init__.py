"""Adapters to national registers. Every adapter is off until its settings name a server (ADR 0004)."""
