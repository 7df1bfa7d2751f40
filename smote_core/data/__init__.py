"""Tables in and out (:mod:`.tables`), the built-in datasets, category encoding, and preparing a table for SMOTE."""
