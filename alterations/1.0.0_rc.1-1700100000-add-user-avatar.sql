-- Users get an avatar URL.
-- alteration:up
alter table users add column avatar varchar(2048);

-- alteration:down
alter table users drop column avatar;
