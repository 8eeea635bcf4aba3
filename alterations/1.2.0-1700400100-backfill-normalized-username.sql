-- Sign-in compares usernames case-insensitively: store the normalised form and backfill it.
-- logto:accept index-build users: released as is and already run on deployed databases; these header lines leave its checksum unchanged
-- logto:accept long-lock users: released as is and already run on deployed databases; these header lines leave its checksum unchanged
-- logto:accept new-constraint users__tenant_id__username_normalized: 1.1.0 instances do not write username_normalized (null, which the unique index allows), so none of their writes fail
-- alteration:up
alter table users add column username_normalized varchar(128);
update users set username_normalized = lower(username) where username is not null;
create unique index users__tenant_id__username_normalized on users (tenant_id, username_normalized);

-- alteration:down
drop index users__tenant_id__username_normalized;
alter table users drop column username_normalized;
