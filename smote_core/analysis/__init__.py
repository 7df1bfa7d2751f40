"""What the resampled data says: diagnostics of where synthetic points land, leakage-free evaluation over k."""
