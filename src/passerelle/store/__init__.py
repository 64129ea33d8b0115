"""Storage: SQLAlchemy tables, repositories, migrations, the audit chain and the access guard."""
