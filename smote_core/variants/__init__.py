"""SMOTE's variants, one sampler per module. The public names are re-exported by ``smote_core``."""
