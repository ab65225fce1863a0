"""{{name}}: a machine-learning pipeline that keeps data, secrets and models safe by default."""

__version__ = "0.1.0"
