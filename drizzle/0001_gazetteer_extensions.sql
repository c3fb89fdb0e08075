-- Trigram similarity for the gazetteer's fuzzy place search (a trusted extension since PostgreSQL 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
