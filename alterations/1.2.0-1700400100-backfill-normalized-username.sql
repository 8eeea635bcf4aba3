-- Sign-in compares usernames case-insensitively: store the normalised form and backfill it.
-- alteration:up
alter table users add column username_normalized varchar(128);
update users set username_normalized = lower(username) where username is not null;
create unique index users__tenant_id__username_normalized on users (tenant_id, username_normalized);

-- alteration:down
drop index users__tenant_id__username_normalized;
alter table users drop column username_normalized;
