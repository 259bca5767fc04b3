"""Team mode: who is who on a team's PostgreSQL store, and who is answering what.

- ``names``: a member's display name as one person («Анна» and «анна » are one) and
  the PostgreSQL role made for them;
- ``roles``: the group roles ``otklik_operator``/``otklik_trainer``, their grants and
  row-level security (``otklik team init``), and a member's login role (``add-*``);
- ``join``: checking a member's connection and storing it in the data dir;
- ``member``: which member the companion's connection is (the name events carry);
- ``claims``: «отвечает Анна»: who started a reply to which comment, until it expires.

The store itself (engine, schema, migrations) is ``companion.storage``; the members and
claims tables are its Alembic revision ``0100_team``.
"""
