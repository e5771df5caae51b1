"""`zicht import locations FILE` (filled in below)."""
