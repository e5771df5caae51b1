"""Ingest of occupancy lists and BRP extracts (CSV, XLSX, JSON): validate and pseudonymise row by row, then load in
bulk, all or nothing. `run_ingest` is the one entry point for the CLI, the upload page and the API."""

from .report import error_report_csv
from .runner import run_ingest

__all__ = ["error_report_csv", "run_ingest"]
