-- Imports now put all rows of a person into the chunk of its first row. A job that committed chunks of consecutive
-- rows before this version resumes with such chunks: mixing both would skip the rows that moved.
alter table import_job add column chunks_by_person boolean not null default false;
